import { z } from "zod";
import { defineNode, next } from "../../define-node";

export const ZKeywordTrigger = z.object({
  match: z.enum(["contains", "equals", "regex"]).default("contains"),
  value: z.string().trim().min(1, "give a keyword or pattern").max(200),
  caseSensitive: z.boolean().default(false),
});

export const keywordTrigger = defineNode({
  type: "keyword",
  category: "trigger",
  label: "Keyword",
  description: "Starts when a message contains a word or matches a pattern.",
  icon: "Aa",
  schema: ZKeywordTrigger,
  defaults: (): z.output<typeof ZKeywordTrigger> => ({ match: "contains", value: "price", caseSensitive: false }),
  outputs: () => [next()],
  check: (d) => {
    if (d.match !== "regex") return [];
    try {
      new RegExp(d.value);
      return [];
    } catch {
      return ["the pattern is not a valid regular expression"];
    }
  },
  summary: (d) => `${d.match === "regex" ? "matches" : d.match} “${d.value}”`,
});
