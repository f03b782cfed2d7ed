// getMe, bot commands and other bot-profile settings.
import { badRequest } from "../errors";
import type { TgBotCommand } from "../types";
import type { MethodContext, MethodDef } from "./types";

function commandsKey(ctx: MethodContext): string {
  const scope = ctx.params.json("scope") ?? { type: "default" };
  return `${JSON.stringify(scope)}|${ctx.params.str("language_code") ?? ""}`;
}

function readCommands(ctx: MethodContext): TgBotCommand[] {
  const value = ctx.params.json("commands");
  if (!Array.isArray(value)) throw badRequest("can't parse commands JSON object");
  if (value.length > 100) throw badRequest("too many commands specified");
  return value.map((item): TgBotCommand => {
    const c = (item ?? {}) as { command?: unknown; description?: unknown };
    if (typeof c.command !== "string" || !/^\/?[a-z0-9_]{1,32}$/.test(c.command)) {
      throw badRequest("BOT_COMMAND_INVALID");
    }
    if (typeof c.description !== "string" || c.description.length < 1 || c.description.length > 256) {
      throw badRequest("BOT_COMMAND_DESCRIPTION_INVALID");
    }
    return { command: c.command.replace(/^\//, ""), description: c.description };
  });
}

const trueHandler = (): boolean => true;

export const meMethods: MethodDef[] = [
  { name: "getMe", handler: (ctx) => ctx.bot.user },
  {
    name: "setMyCommands",
    handler: (ctx) => {
      ctx.bot.commands.set(commandsKey(ctx), readCommands(ctx));
      return true;
    },
  },
  { name: "getMyCommands", handler: (ctx) => ctx.bot.commands.get(commandsKey(ctx)) ?? [] },
  {
    name: "deleteMyCommands",
    handler: (ctx) => {
      ctx.bot.commands.delete(commandsKey(ctx));
      return true;
    },
  },
  { name: "setMyDescription", handler: trueHandler },
  { name: "setMyShortDescription", handler: trueHandler },
  { name: "setMyName", handler: trueHandler },
  { name: "setChatMenuButton", handler: trueHandler },
  { name: "logOut", handler: trueHandler },
  { name: "close", handler: trueHandler },
];
