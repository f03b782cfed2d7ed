// Control endpoints about simulated users and what they do.
import type { z } from "zod";
import { EmulatorStateError, type EmulatorState } from "../state";
import { blockBot, clickButton, deactivateUser, sendUserMessage, startBot, unblockBot, type ActionResult } from "../sim/actions";
import { botFrom, idAt } from "./resolve";
import type { Route } from "./router";
import {
  batchSchema,
  blockSchema,
  clickSchema,
  createUsersSchema,
  messageSchema,
  queryIdParam,
  startSchema,
  type batchActionSchema,
} from "./schemas";
import { inbox } from "./views";

function runAction(state: EmulatorState, action: z.output<typeof batchActionSchema>): ActionResult {
  const botId = botFrom(state, action).id;
  switch (action.type) {
    case "start": return startBot(state, action.user_id, botId, action);
    case "message": return sendUserMessage(state, action.user_id, botId, action.text, action.date);
    case "click": return clickButton(state, action.user_id, botId, action.message_id, action.data);
    case "block": return blockBot(state, action.user_id, botId, action);
    case "unblock": return unblockBot(state, action.user_id, botId, action);
  }
}

export const userRoutes: Route[] = [
  {
    method: "POST",
    path: "/users",
    status: 201,
    handler: ({ state, body }) => {
      const input = createUsersSchema.parse(body);
      if (Array.isArray(input)) return input.map((u) => state.createUser(u).user);
      return state.createUser(input).user;
    },
  },
  { method: "GET", path: "/users", handler: ({ state }) => [...state.users.values()].map((u) => ({ ...u.user, deactivated: u.deactivated })) },
  {
    method: "GET",
    path: "/users/:id",
    handler: ({ state, params }) => {
      const sim = state.user(idAt(params, 0));
      return { ...sim.user, deactivated: sim.deactivated };
    },
  },
  {
    method: "POST",
    path: "/users/:id/start",
    handler: ({ state, params, body }) => {
      const input = startSchema.parse(body);
      return startBot(state, idAt(params, 0), botFrom(state, input).id, input);
    },
  },
  {
    method: "POST",
    path: "/users/:id/message",
    handler: ({ state, params, body }) => {
      const input = messageSchema.parse(body);
      return sendUserMessage(state, idAt(params, 0), botFrom(state, input).id, input.text, input.date);
    },
  },
  {
    method: "POST",
    path: "/users/:id/click",
    handler: ({ state, params, body }) => {
      const input = clickSchema.parse(body);
      return clickButton(state, idAt(params, 0), botFrom(state, input).id, input.message_id, input.data);
    },
  },
  {
    method: "POST",
    path: "/users/:id/block",
    handler: ({ state, params, body }) => {
      const input = blockSchema.parse(body);
      return blockBot(state, idAt(params, 0), botFrom(state, input).id, input);
    },
  },
  {
    method: "POST",
    path: "/users/:id/unblock",
    handler: ({ state, params, body }) => {
      const input = blockSchema.parse(body);
      return unblockBot(state, idAt(params, 0), botFrom(state, input).id, input);
    },
  },
  {
    method: "POST",
    path: "/users/:id/deactivate",
    handler: ({ state, params }) => deactivateUser(state, idAt(params, 0)),
  },
  {
    method: "GET",
    path: "/users/:id/inbox",
    handler: ({ state, params, query }) =>
      inbox(state, idAt(params, 0), queryIdParam("bot_id").parse(query.get("bot_id") ?? undefined)),
  },
  {
    method: "POST",
    path: "/batch",
    handler: ({ state, body }) =>
      batchSchema.parse(body).map((action, index) => {
        try {
          return runAction(state, action);
        } catch (error) {
          if (!(error instanceof EmulatorStateError)) throw error;
          throw new EmulatorStateError(error.status, `action ${index}: ${error.message} (earlier actions were applied)`);
        }
      }),
  },
];
