// Node types on the canvas: each type's body (drawn inside the editor's node frame, which
// adds the header, handles, issues and stats) and its side-panel form. Client only.
// Adding a node type: its folder's canvas.tsx and one line here.
import type { TNodeCanvas } from "../../../components/flows/define-canvas";
import type { TNodeType } from "./index";
import { commandCanvas } from "./command/canvas";
import { keywordCanvas } from "./keyword/canvas";
import { deepLinkCanvas } from "./deep-link/canvas";
import { buttonClickCanvas } from "./button-click/canvas";
import { sendMessageCanvas } from "./send-message/canvas";
import { sendMenuCanvas } from "./send-menu/canvas";
import { askQuestionCanvas } from "./ask-question/canvas";
import { addTagCanvas } from "./add-tag/canvas";
import { removeTagCanvas } from "./remove-tag/canvas";
import { setAttributeCanvas } from "./set-attribute/canvas";
import { conditionCanvas } from "./condition/canvas";
import { delayCanvas } from "./delay/canvas";
import { randomSplitCanvas } from "./random-split/canvas";
import { goToFlowCanvas } from "./go-to-flow/canvas";
import { endCanvas } from "./end/canvas";
import { httpRequestCanvas } from "./http-request/canvas";
import { handoffCanvas } from "./handoff/canvas";

// The editor hands each type its own data (kept in the shape of the type's schema by its form).
const erase = <T>(c: TNodeCanvas<T>) => c as unknown as TNodeCanvas<unknown>;

export const NODE_CANVAS: Record<TNodeType, TNodeCanvas<unknown>> = {
  command: erase(commandCanvas),
  keyword: erase(keywordCanvas),
  "deep-link": erase(deepLinkCanvas),
  "button-click": erase(buttonClickCanvas),
  "send-message": erase(sendMessageCanvas),
  "send-menu": erase(sendMenuCanvas),
  "ask-question": erase(askQuestionCanvas),
  "add-tag": erase(addTagCanvas),
  "remove-tag": erase(removeTagCanvas),
  "set-attribute": erase(setAttributeCanvas),
  condition: erase(conditionCanvas),
  delay: erase(delayCanvas),
  "random-split": erase(randomSplitCanvas),
  "go-to-flow": erase(goToFlowCanvas),
  end: erase(endCanvas),
  "http-request": erase(httpRequestCanvas),
  handoff: erase(handoffCanvas),
};
