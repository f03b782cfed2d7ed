// Control endpoints about bots: creation, what they sent, stats, faults.
import { emptyStats } from "../model";
import type { Route } from "./router";
import { idAt } from "./resolve";
import { createBotSchema, faultsSchema, queryIdParam } from "./schemas";
import { botView, callbacks, sentList, statsView } from "./views";

export const botRoutes: Route[] = [
  {
    method: "POST",
    path: "/bots",
    status: 201,
    handler: ({ state, body }) => botView(state.createBot(createBotSchema.parse(body))),
  },
  { method: "GET", path: "/bots", handler: ({ state }) => [...state.bots.values()].map(botView) },
  { method: "GET", path: "/bots/:id", handler: ({ state, params }) => botView(state.bot(idAt(params, 0))) },
  {
    method: "GET",
    path: "/bots/:id/sent",
    handler: ({ state, params, query }) =>
      sentList(state.bot(idAt(params, 0)), queryIdParam("chat_id").parse(query.get("chat_id") ?? undefined)),
  },
  {
    method: "GET",
    path: "/bots/:id/stats",
    handler: ({ state, params }) => statsView(state, state.bot(idAt(params, 0))),
  },
  {
    method: "DELETE",
    path: "/bots/:id/stats",
    handler: ({ state, params }) => {
      const bot = state.bot(idAt(params, 0));
      bot.stats = emptyStats();
      bot.violationLog = [];
      bot.limiter.peakPerSecond = 0;
      bot.faults.injected = 0;
      return statsView(state, bot);
    },
  },
  { method: "GET", path: "/bots/:id/callbacks", handler: ({ state, params }) => callbacks(state.bot(idAt(params, 0))) },
  {
    method: "GET",
    path: "/bots/:id/updates",
    handler: ({ state, params }) => state.bot(idAt(params, 0)).queue.all(),
  },
  {
    method: "POST",
    path: "/bots/:id/faults",
    handler: ({ state, params, body }) => {
      const input = faultsSchema.parse(body);
      const bot = state.bot(idAt(params, 0));
      const next: Parameters<typeof bot.faults.set>[0] = {};
      if (input.fail_next !== undefined) next.failNext = input.fail_next;
      if (input.fail_probability !== undefined) next.failProbability = input.fail_probability;
      if (input.error !== undefined) next.error = input.error;
      if (input.retry_after !== undefined) next.retryAfter = input.retry_after;
      if (input.latency_ms !== undefined) next.latencyMs = input.latency_ms;
      return bot.faults.set(next, input.seed);
    },
  },
  {
    method: "DELETE",
    path: "/bots/:id/faults",
    handler: ({ state, params }) => {
      const bot = state.bot(idAt(params, 0));
      bot.faults.clear();
      return bot.faults.snapshot();
    },
  },
  {
    method: "POST",
    path: "/bots/:id/webhook-redeliver",
    handler: ({ state, params }) => {
      const bot = state.bot(idAt(params, 0));
      if (bot.webhook) state.webhooks.start(bot);
      return { webhook_url: bot.webhook?.url ?? null, pending_updates: bot.queue.length };
    },
  },
];
