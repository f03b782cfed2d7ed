import { z } from "zod";
import { ZAttributeKey, ZHtmlTemplate, defineNode } from "../../define-node";
import { htmlTextProblems } from "../../telegram-text";

export const ZAskQuestion = z.object({
  text: ZHtmlTemplate,
  /** The answer is stored in this attribute of the user. */
  attribute: ZAttributeKey,
  validate: z.enum(["text", "number", "email", "phone"]).default("text"),
  /** Sent when the answer is not valid; the question then waits again. */
  retryText: ZHtmlTemplate.default("That does not look right. Please try again."),
  /** 0 = wait for ever; otherwise the "No answer" output runs after this many minutes. */
  timeoutMinutes: z.number().int().min(0).max(60 * 24 * 30).default(0),
});

export const askQuestion = defineNode({
  type: "ask-question",
  category: "message",
  label: "Ask a question",
  description: "Asks, waits for the reply, checks it (text, number, email, phone) and stores it in an attribute.",
  icon: "?",
  schema: ZAskQuestion,
  defaults: (): z.output<typeof ZAskQuestion> => ({ text: "What is your email?", attribute: "email", validate: "email", retryText: "That does not look like an email. Please try again.", timeoutMinutes: 0 }),
  outputs: (d) => [
    { id: "next", label: "Answered", required: false },
    ...(d.timeoutMinutes > 0 ? [{ id: "timeout", label: `No answer in ${d.timeoutMinutes} min`, required: false }] : []),
  ],
  check: (d) => [...htmlTextProblems(d.text, "text"), ...htmlTextProblems(d.retryText, "text").map((p) => `retry text: ${p}`)],
  summary: (d) => `${d.text.replace(/<[^>]+>/g, "").slice(0, 60)} → ${d.attribute} (${d.validate})`,
});

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
// A leading bracket is allowed: "(021) 555 0199", "+1 (555) 123-4567".
const PHONE = /^\+?\(?[0-9][0-9 ()-]{5,18}[0-9]$/;

/** The value to store for a reply, or null when the reply is not valid. */
export function validateAnswer(kind: z.infer<typeof ZAskQuestion>["validate"], raw: string): string | number | null {
  const text = raw.trim();
  if (text === "") return null;
  switch (kind) {
    case "text":
      return text.slice(0, 1000);
    case "number": {
      const n = Number(text.replace(",", "."));
      return Number.isFinite(n) ? n : null;
    }
    case "email":
      return EMAIL.test(text) ? text.toLowerCase() : null;
    case "phone":
      return PHONE.test(text) && text.replace(/\D/g, "").length >= 7 ? text.replace(/[ ()-]/g, "") : null;
  }
}
