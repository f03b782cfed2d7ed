// An agent's text reply or internal note. Stored as PENDING first and delivered by the
// `inbox.deliver-message` job (see create-agent-reply.ts); a note never leaves Tagflow.
import type { TStaffSession } from "../auth/session";
import { createAgentReply } from "./create-agent-reply";
import type { TSendMessage } from "./schemas";
import { previewOf } from "./touch-conversation";
import { visibleText } from "./format";

export async function sendMessage(staff: TStaffSession, conversationId: string, input: TSendMessage) {
  return createAgentReply(staff, conversationId, {
    clientId: input.clientId,
    text: input.text,
    note: input.note,
    preview: previewOf(visibleText(input.text)),
  });
}
