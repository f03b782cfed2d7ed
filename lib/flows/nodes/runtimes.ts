// Server side of the registry: each node type's runtime, by type.
import type { TNodeRuntime } from "../runtime/types";
import { commandTriggerRuntime } from "./command/runtime";
import { keywordTriggerRuntime } from "./keyword/runtime";
import { deepLinkTriggerRuntime } from "./deep-link/runtime";
import { buttonClickTriggerRuntime } from "./button-click/runtime";
import { sendMessageRuntime } from "./send-message/runtime";
import { sendMenuRuntime } from "./send-menu/runtime";
import { askQuestionRuntime } from "./ask-question/runtime";
import { addTagRuntime } from "./add-tag/runtime";
import { removeTagRuntime } from "./remove-tag/runtime";
import { setAttributeRuntime } from "./set-attribute/runtime";
import { conditionRuntime } from "./condition/runtime";
import { delayRuntime } from "./delay/runtime";
import { randomSplitRuntime } from "./random-split/runtime";
import { goToFlowRuntime } from "./go-to-flow/runtime";
import { endRuntime } from "./end/runtime";
import { httpRequestRuntime } from "./http-request/runtime";
import { handoffRuntime } from "./handoff/runtime";
import { NODE_DEFINITIONS } from ".";

const RUNTIMES = new Map<string, TNodeRuntime>(
  [
    commandTriggerRuntime,
    keywordTriggerRuntime,
    deepLinkTriggerRuntime,
    buttonClickTriggerRuntime,
    sendMessageRuntime,
    sendMenuRuntime,
    askQuestionRuntime,
    addTagRuntime,
    removeTagRuntime,
    setAttributeRuntime,
    conditionRuntime,
    delayRuntime,
    randomSplitRuntime,
    goToFlowRuntime,
    endRuntime,
    httpRequestRuntime,
    handoffRuntime,
  ].map((r) => [r.type, r]),
);

for (const d of NODE_DEFINITIONS) if (!RUNTIMES.has(d.type)) throw new Error(`node type ${d.type} has no runtime`);

export function nodeRuntime(type: string): TNodeRuntime {
  const r = RUNTIMES.get(type);
  if (!r) throw new Error(`node type ${type} has no runtime`);
  return r;
}
