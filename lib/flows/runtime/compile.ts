// Publishing compiles a bot's published flows into one grammY Composer: a handler per
// trigger (most specific first), the router of flow buttons, and replies to questions.
import { Composer, type Context } from "grammy";
import { TRIGGER_TYPES } from "../nodes";
import type { ZCommandTrigger } from "../nodes/command/definition";
import type { ZKeywordTrigger } from "../nodes/keyword/definition";
import type { ZDeepLinkTrigger } from "../nodes/deep-link/definition";
import type { ZButtonClickTrigger } from "../nodes/button-click/definition";
import type { z } from "zod";
import type { TFlowNode } from "../document";
import { claimReplyRun, followOutput, makeContext, resumeAt, startAt, userTakingOver } from "./engine";
import { loadUserByTelegramId, loadVersion } from "./load";
import type { TLoadedVersion } from "./types";

export const FLOW_BUTTON = /^f:(\d+):([A-Za-z0-9_-]{1,16}):([A-Za-z0-9_-]{1,40})$/;

type TTrigger = { version: TLoadedVersion; node: TFlowNode; rank: number };

function rankOf(node: TFlowNode): number {
  if (node.type === "deep-link") return 0;
  if (node.type === "command") return (node.data as z.output<typeof ZCommandTrigger>).payload === "any" ? 2 : 1;
  if (node.type === "button-click") return 3;
  return 4;
}

function payloadMatches(d: z.output<typeof ZCommandTrigger>, payload: string): boolean {
  switch (d.payload) {
    case "any":
      return true;
    case "none":
      return payload === "";
    case "equals":
      return payload === d.value;
    case "prefix":
      return payload.startsWith(d.value);
    case "regex":
      try {
        return new RegExp(d.value).test(payload);
      } catch {
        return false;
      }
  }
}

function keywordMatches(d: z.output<typeof ZKeywordTrigger>, text: string): boolean {
  if (d.match === "regex") {
    try {
      return new RegExp(d.value, d.caseSensitive ? "" : "i").test(text);
    } catch {
      return false;
    }
  }
  const a = d.caseSensitive ? text.trim() : text.trim().toLowerCase();
  const b = d.caseSensitive ? d.value : d.value.toLowerCase();
  return d.match === "equals" ? a === b : a.includes(b);
}

async function start(botId: string, ctx: Context, t: TTrigger): Promise<void> {
  const from = ctx.from;
  const chatId = ctx.chat?.id ?? from?.id;
  if (!from || chatId === undefined) return;
  const user = await userTakingOver(botId, from.id, chatId);
  if (!user) return;
  await startAt(makeContext(botId, chatId, user, t.version, ctx.api), t.node.id);
}

/** The published versions of a bot, compiled. `publishedFlowIds`: buttons of other flows are refused. */
export function compileFlows(botId: string, versions: readonly TLoadedVersion[]): Composer<Context> {
  const c = new Composer<Context>();
  const published = new Set(versions.map((v) => v.flowId));

  // 1. Buttons sent by flows: continue from the pressed button's output, in the version that sent it.
  c.callbackQuery(FLOW_BUTTON, async (ctx) => {
    const [, versionId, nodeId, output] = ctx.match as RegExpMatchArray;
    const version = await loadVersion(Number(versionId));
    if (!version || !published.has(version.flowId) || !version.nodes.has(nodeId!)) {
      await ctx.answerCallbackQuery({ text: "This button is no longer active." });
      return;
    }
    await ctx.answerCallbackQuery();
    const chatId = ctx.chat?.id ?? ctx.from.id;
    const user = await userTakingOver(botId, ctx.from.id, chatId);
    if (!user) return;
    await followOutput(makeContext(botId, chatId, user, version, ctx.api), nodeId!, output!, null);
  });

  // 2. A reply to a question the user is asked (commands start something else instead).
  c.on("message:text", async (ctx, next) => {
    if (ctx.message.text.startsWith("/")) return next();
    const claimed = await claimReplyRun(botId, ctx.chat.id);
    if (!claimed) return next();
    const version = await loadVersion(claimed.flowVersionId);
    const user = await loadUserByTelegramId(botId, ctx.from.id);
    if (!version || !user) return;
    await resumeAt(makeContext(botId, ctx.chat.id, user, version, ctx.api), claimed, { kind: "reply", text: ctx.message.text });
  });

  // 3. Triggers, most specific first: deep links, commands with a payload match, other commands, buttons, keywords.
  const triggers: TTrigger[] = versions
    .flatMap((version) => version.document.nodes.filter((n) => TRIGGER_TYPES.has(n.type)).map((node) => ({ version, node, rank: rankOf(node) })))
    .sort((a, b) => a.rank - b.rank);
  for (const t of triggers) {
    switch (t.node.type) {
      case "deep-link": {
        const d = t.node.data as z.output<typeof ZDeepLinkTrigger>;
        c.command("start", async (ctx, next) => {
          const payload = ctx.match.trim();
          if (payload === "" || !(d.match === "equals" ? payload === d.payload : payload.startsWith(d.payload))) return next();
          await start(botId, ctx, t);
        });
        break;
      }
      case "command": {
        const d = t.node.data as z.output<typeof ZCommandTrigger>;
        c.command(d.command, async (ctx, next) => {
          if (!payloadMatches(d, ctx.match.trim())) return next();
          await start(botId, ctx, t);
        });
        break;
      }
      case "button-click": {
        const d = t.node.data as z.output<typeof ZButtonClickTrigger>;
        c.on("callback_query:data", async (ctx, next) => {
          const data = ctx.callbackQuery.data;
          if (!(d.match === "equals" ? data === d.data : data.startsWith(d.data))) return next();
          await ctx.answerCallbackQuery();
          await start(botId, ctx, t);
        });
        break;
      }
      case "keyword": {
        const d = t.node.data as z.output<typeof ZKeywordTrigger>;
        c.on("message:text", async (ctx, next) => {
          if (ctx.message.text.startsWith("/") || !keywordMatches(d, ctx.message.text)) return next();
          await start(botId, ctx, t);
        });
        break;
      }
    }
  }
  return c;
}
