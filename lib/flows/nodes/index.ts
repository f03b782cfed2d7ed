// The registry of node types (definitions only: pure, shared by the editor and the server).
// Adding a node type: a folder under nodes/ and one line here (and in runtimes.ts, canvas.ts).
import type { TNodeDefinition } from "../define-node";
import { commandTrigger } from "./command/definition";
import { keywordTrigger } from "./keyword/definition";
import { deepLinkTrigger } from "./deep-link/definition";
import { buttonClickTrigger } from "./button-click/definition";
import { sendMessage } from "./send-message/definition";
import { sendMenu } from "./send-menu/definition";
import { askQuestion } from "./ask-question/definition";
import { addTag } from "./add-tag/definition";
import { removeTag } from "./remove-tag/definition";
import { setAttribute } from "./set-attribute/definition";
import { condition } from "./condition/definition";
import { delay } from "./delay/definition";
import { randomSplit } from "./random-split/definition";
import { goToFlow } from "./go-to-flow/definition";
import { end } from "./end/definition";
import { httpRequest } from "./http-request/definition";
import { handoff } from "./handoff/definition";

export const NODE_DEFINITIONS = [
  commandTrigger,
  keywordTrigger,
  deepLinkTrigger,
  buttonClickTrigger,
  sendMessage,
  sendMenu,
  askQuestion,
  addTag,
  removeTag,
  setAttribute,
  condition,
  delay,
  randomSplit,
  goToFlow,
  end,
  httpRequest,
  handoff,
] as const;

export type TNodeType = (typeof NODE_DEFINITIONS)[number]["type"];

const BY_TYPE = new Map<string, TNodeDefinition>(NODE_DEFINITIONS.map((d) => [d.type, d as unknown as TNodeDefinition]));

export function nodeDefinition(type: string): TNodeDefinition {
  const d = BY_TYPE.get(type);
  if (!d) throw new Error(`unknown node type ${type}`);
  return d;
}

export const TRIGGER_TYPES = new Set(NODE_DEFINITIONS.filter((d) => d.category === "trigger").map((d) => d.type));
