// Shared shapes for Bot API method handlers.
import type { BotRecord } from "../model";
import type { Params } from "../params";
import type { EmulatorState } from "../state";

export interface MethodContext {
  state: EmulatorState;
  bot: BotRecord;
  params: Params;
  /** Canonical method name, e.g. "sendMessage". */
  method: string;
  /** Aborted when the HTTP client goes away. */
  signal: AbortSignal;
}

export type MethodHandler = (ctx: MethodContext) => unknown;

export interface MethodDef {
  name: string;
  handler: MethodHandler;
}

/** A successful result that also carries Telegram's "description" field. */
export class WithDescription {
  constructor(
    readonly result: unknown,
    readonly description: string,
  ) {}
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);
