import { z } from "zod";
import { defineNode, next } from "../../define-node";
import { byteLength, MAX_CALLBACK_DATA_BYTES } from "../../telegram-text";

export const ZButtonClickTrigger = z.object({
  /** callback_data of a button sent elsewhere (a campaign, another bot menu). */
  data: z.string().min(1, "give the button data to match"),
  match: z.enum(["equals", "prefix"]).default("equals"),
});

export const buttonClickTrigger = defineNode({
  type: "button-click",
  category: "trigger",
  label: "Button click",
  description: "Starts when a user presses an inline button with this data (from a campaign or a menu).",
  icon: "☝",
  schema: ZButtonClickTrigger,
  defaults: (): z.output<typeof ZButtonClickTrigger> => ({ data: "offer", match: "equals" }),
  outputs: () => [next()],
  check: (d) => {
    const problems: string[] = [];
    const n = byteLength(d.data);
    if (n > MAX_CALLBACK_DATA_BYTES) problems.push(`button data is ${n} bytes; Telegram allows ${MAX_CALLBACK_DATA_BYTES}`);
    if (d.data.startsWith("f:")) problems.push("button data starting with f: is reserved for flow buttons");
    return problems;
  },
  summary: (d) => `data ${d.match === "prefix" ? "starts with" : "="} “${d.data}”`,
});
