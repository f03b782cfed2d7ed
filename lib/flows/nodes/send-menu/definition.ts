import { z } from "zod";
import { ZHtmlTemplate, ZItemId, defineNode } from "../../define-node";
import { htmlTextProblems } from "../../telegram-text";

export const ZMenuOption = z.object({ id: ZItemId, label: z.string().trim().min(1, "an option needs a label").max(64) });

export const ZSendMenu = z.object({
  text: ZHtmlTemplate,
  options: z.array(ZMenuOption).min(1, "a menu needs at least one option").max(24),
  /** Buttons per row. */
  columns: z.number().int().min(1).max(4).default(2),
});

export const optionOutput = (id: string) => `opt-${id}`;

export const sendMenu = defineNode({
  type: "send-menu",
  category: "message",
  label: "Send menu",
  description: "Sends a question with option buttons; each option has its own output.",
  icon: "☰",
  schema: ZSendMenu,
  defaults: (): z.output<typeof ZSendMenu> => ({
    text: "What are you interested in?",
    options: [
      { id: "o1", label: "Option 1" },
      { id: "o2", label: "Option 2" },
    ],
    columns: 2,
  }),
  outputs: (d) => d.options.map((o) => ({ id: optionOutput(o.id), label: o.label, required: true })),
  check: (d) => {
    const problems = htmlTextProblems(d.text, "text");
    const ids = new Set<string>();
    for (const o of d.options) {
      if (ids.has(o.id)) problems.push(`two options share the id ${o.id}`);
      ids.add(o.id);
    }
    return problems;
  },
  summary: (d) => `${d.text.replace(/<[^>]+>/g, "").slice(0, 60)} · ${d.options.length} options`,
});
