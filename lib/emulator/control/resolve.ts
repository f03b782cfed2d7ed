// Shared lookups for control handlers.
import type { BotRecord } from "../model";
import { EmulatorStateError, type EmulatorState } from "../state";
import { idParam } from "./schemas";

export function botFrom(state: EmulatorState, ref: { bot_id?: number; token?: string }): BotRecord {
  if (ref.token !== undefined) {
    const bot = state.botsByToken.get(ref.token);
    if (!bot) throw new EmulatorStateError(404, "no bot with this token");
    if (ref.bot_id !== undefined && ref.bot_id !== bot.id) throw new EmulatorStateError(400, "bot_id and token disagree");
    return bot;
  }
  if (ref.bot_id === undefined) throw new EmulatorStateError(400, "bot_id (or token) is required");
  return state.bot(ref.bot_id);
}

export function idAt(params: string[], index: number): number {
  return idParam.parse(params[index]);
}
