// What a node's runtime sees and returns. A runtime does its effect (send, tag, store…)
// and says where the flow goes: an output, a wait, another flow, or the end.
import type { Api } from "grammy";
import type { z } from "zod";
import type { TNodeDefinition } from "../define-node";
import type { TFlowDocument, TFlowNode } from "../document";
import type { TTemplateUser } from "../template";

export type TFlowUser = TTemplateUser & {
  id: string;
  telegramId: bigint;
  firstSeenAt: Date;
  lastSeenAt: Date;
  blockedAt: Date | null;
};

export type TLoadedVersion = {
  flowId: string;
  flowName: string;
  versionId: number;
  document: TFlowDocument;
  nodes: ReadonlyMap<string, TFlowNode>;
  /** `${nodeId}\0${output}` → target node id. */
  edges: ReadonlyMap<string, string>;
};

export type TRunContext = {
  botId: string;
  chatId: number;
  user: TFlowUser;
  version: TLoadedVersion;
  api: Api;
  now: () => Date;
  random: () => number;
  /** callback_data of a flow button: pressing it continues from this node's output. */
  callbackData: (nodeId: string, output: string) => string;
};

/** What a question waits for (stored with the run). */
export type TWaiting = { tries: number };

export type TNodeResult =
  | { next: string }
  | { end: true }
  /** A menu is out: its buttons continue the flow when pressed. */
  | { waitClick: true }
  | { waitReply: TWaiting; timeoutAt: Date | null }
  | { waitDelay: Date }
  | { goto: string };

export type TResumeInput = { kind: "reply"; text: string } | { kind: "timeout" };

export type TNodeRuntime<D = unknown> = {
  type: string;
  run: (data: D, node: TFlowNode, ctx: TRunContext) => Promise<TNodeResult>;
  /** For nodes that wait for a reply: the reply (or the timeout) has come. */
  resume?: (data: D, node: TFlowNode, ctx: TRunContext, input: TResumeInput, waiting: TWaiting) => Promise<TNodeResult>;
};

export function defineRuntime<S extends z.ZodType>(def: TNodeDefinition<S>, runtime: Omit<TNodeRuntime<z.output<S>>, "type">): TNodeRuntime {
  return { type: def.type, ...runtime } as TNodeRuntime;
}
