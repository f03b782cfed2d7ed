import { z } from "zod";
import { defineNode, next } from "../../define-node";
import { htmlTextProblems } from "../../telegram-text";

export const ZHandoff = z.object({
  /** Sent to the user; empty sends nothing. */
  text: z.string().max(20000).default("A member of our team will reply here shortly."),
});

export const handoff = defineNode({
  type: "handoff",
  category: "integration",
  label: "Hand off to an agent",
  description: "Opens the conversation in the inbox for a person (auto-assigned if that is on); the bot pauses while they handle it.",
  icon: "👤",
  schema: ZHandoff,
  defaults: (): z.output<typeof ZHandoff> => ({ text: "A member of our team will reply here shortly." }),
  outputs: () => [next()],
  check: (d) => (d.text.trim() === "" ? [] : htmlTextProblems(d.text, "text")),
  summary: (d) => (d.text ? d.text.slice(0, 60) : "open in the inbox"),
});
