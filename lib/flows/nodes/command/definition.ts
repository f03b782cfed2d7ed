import { z } from "zod";
import { defineNode, next } from "../../define-node";

export const ZCommandTrigger = z.object({
  /** Without the slash: "start", "menu". */
  command: z
    .string()
    .trim()
    .transform((s) => s.replace(/^\//, "").toLowerCase())
    .pipe(z.string().regex(/^[a-z0-9_]{1,32}$/, "a command is 1–32 letters, digits or _ (like /start)")),
  /** What follows the command (`/start promo`): any, none, or a match. */
  payload: z.enum(["any", "none", "equals", "prefix", "regex"]).default("any"),
  value: z.string().max(200).default(""),
});

export const commandTrigger = defineNode({
  type: "command",
  category: "trigger",
  label: "Command",
  description: "Starts when a user sends a command such as /start.",
  icon: "/",
  schema: ZCommandTrigger,
  defaults: (): z.output<typeof ZCommandTrigger> => ({ command: "start", payload: "any", value: "" }),
  outputs: () => [next()],
  check: (d) => {
    const problems: string[] = [];
    if ((d.payload === "equals" || d.payload === "prefix" || d.payload === "regex") && d.value === "") problems.push("give the payload to match");
    if (d.payload === "regex") {
      try {
        new RegExp(d.value);
      } catch {
        problems.push("the payload pattern is not a valid regular expression");
      }
    }
    return problems;
  },
  summary: (d) => `/${d.command}${d.payload === "any" ? "" : d.payload === "none" ? " (no payload)" : ` ${d.payload} “${d.value}”`}`,
});
