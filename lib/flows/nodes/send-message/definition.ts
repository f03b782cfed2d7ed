import { z } from "zod";
import { ZHtmlTemplate, ZItemId, defineNode, next } from "../../define-node";
import { htmlTextProblems } from "../../telegram-text";
import { templateProblems } from "../../template";

export const ZMessageButton = z.discriminatedUnion("kind", [
  /** Pressing it continues the flow from this button's own output. */
  z.object({ id: ZItemId, kind: z.literal("callback"), text: z.string().trim().min(1, "a button needs a label").max(64) }),
  z.object({ id: ZItemId, kind: z.literal("url"), text: z.string().trim().min(1, "a button needs a label").max(64), url: z.string().trim().min(1, "give the button's link").max(2048) }),
]);

export const ZSendMessage = z.object({
  /** HTML formatting (<b>, <i>, <a href>…) and tokens such as {first_name|friend}. */
  text: ZHtmlTemplate,
  /** A photo by URL (or a Telegram file_id); the text becomes its caption. */
  photo: z.string().trim().max(2048).default(""),
  /** Rows of inline buttons. */
  buttons: z.array(z.array(ZMessageButton).min(1).max(8)).max(8).default([]),
  disablePreview: z.boolean().default(false),
});

export const buttonOutput = (id: string) => `btn-${id}`;

export const sendMessage = defineNode({
  type: "send-message",
  category: "message",
  label: "Send message",
  description: "Sends a text or a photo, with formatting and inline buttons; each button can lead somewhere.",
  icon: "💬",
  schema: ZSendMessage,
  defaults: (): z.output<typeof ZSendMessage> => ({ text: "Hello, {first_name|friend}!", photo: "", buttons: [], disablePreview: false }),
  outputs: (d) => [
    next("Sent"),
    ...d.buttons.flat().filter((b) => b.kind === "callback").map((b) => ({ id: buttonOutput(b.id), label: b.text, required: true })),
  ],
  check: (d) => {
    const problems = htmlTextProblems(d.text, d.photo ? "caption" : "text");
    const ids = new Set<string>();
    for (const b of d.buttons.flat()) {
      if (ids.has(b.id)) problems.push(`two buttons share the id ${b.id}`);
      ids.add(b.id);
      if (b.kind === "url") {
        problems.push(...templateProblems(b.url).map((p) => `button “${b.text}”: ${p}`));
        if (!/^(https?:\/\/|tg:\/\/|\{)/.test(b.url)) problems.push(`button “${b.text}”: the link must start with https://, http:// or tg://`);
        else if (/^(https?|tg):\/\/$/.test(b.url.trim())) problems.push(`button “${b.text}”: the link is incomplete: add the address after ${b.url.trim()}`);
      }
    }
    if (d.photo && /^http:\/\//i.test(d.photo)) problems.push("the photo URL must start with https:// (Telegram refuses plain http)");
    else if (d.photo && !/^(https:\/\/\S+|[A-Za-z0-9_-]{20,}$)/.test(d.photo)) problems.push("the photo must be an https:// URL or a Telegram file_id");
    return problems;
  },
  summary: (d) => (d.photo ? "🖼 " : "") + d.text.replace(/<[^>]+>/g, "").slice(0, 80),
});
