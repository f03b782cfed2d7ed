import { z } from "zod";
import { ZAttributeKey, defineNode, next } from "../../define-node";
import { templateProblems } from "../../template";

export const ZSetAttribute = z.object({
  key: ZAttributeKey,
  /** A template: "{attr.plan|free}", "gold", "42". Empty with type text clears nothing: it stores "". */
  value: z.string().max(1000),
  valueType: z.enum(["text", "number", "boolean", "date"]).default("text"),
});

export const setAttribute = defineNode({
  type: "set-attribute",
  category: "data",
  label: "Set attribute",
  description: "Stores a value on the user's profile (text, number, yes/no or date).",
  icon: "✎",
  schema: ZSetAttribute,
  defaults: (): z.output<typeof ZSetAttribute> => ({ key: "plan", value: "", valueType: "text" }),
  outputs: () => [next()],
  check: (d) => {
    const problems = templateProblems(d.value);
    const literal = !d.value.includes("{");
    if (literal && d.valueType === "number" && !Number.isFinite(Number(d.value))) problems.push(`“${d.value}” is not a number`);
    if (literal && d.valueType === "boolean" && !["true", "false", "yes", "no"].includes(d.value.toLowerCase())) problems.push("a yes/no value is true, false, yes or no");
    if (literal && d.valueType === "date" && Number.isNaN(Date.parse(d.value))) problems.push(`“${d.value}” is not a date (use 2026-12-31)`);
    return problems;
  },
  summary: (d) => `${d.key} = ${d.value || "“”"}`,
});
