// One node type = one folder under lib/flows/nodes/<type>/: definition.ts (schema, outputs,
// checks, canvas summary; pure, shared by the editor and the server), runtime.ts (what
// it does for a user, server only) and canvas.tsx (its body on the canvas).
import { z } from "zod";

export type TNodeCategory = "trigger" | "message" | "logic" | "data" | "integration";

export type TNodeOutput = {
  id: string;
  label: string;
  /** Unconnected: an error when required (a button that does nothing), else the flow just ends there. */
  required: boolean;
};

export type TNodeCheckContext = {
  /** Flows of the same bot (for go-to-flow): id → name and whether it is published. */
  flows: ReadonlyMap<string, { name: string; published: boolean }>;
};

export type TNodeDefinition<S extends z.ZodType = z.ZodType, T extends string = string> = {
  type: T;
  category: TNodeCategory;
  label: string;
  description: string;
  icon: string;
  schema: S;
  defaults: () => NoInfer<z.infer<S>>;
  outputs: (data: z.infer<S>) => TNodeOutput[];
  /** Problems that block publishing, as messages (Telegram limits, bad HTML, sums…). */
  check?: (data: z.infer<S>, ctx: TNodeCheckContext) => string[];
  /** One line shown on the canvas. */
  summary: (data: z.infer<S>) => string;
};

export function defineNode<S extends z.ZodType, const T extends string>(def: TNodeDefinition<S, T>): TNodeDefinition<S, T> {
  return def;
}

// Shared field schemas.
export const ZItemId = z.string().regex(/^[A-Za-z0-9_-]{1,12}$/, "ids are 1–12 letters, digits, _ or -");
export const ZAttributeKey = z
  .string()
  .trim()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, "attribute keys start with a letter or _ and hold letters, digits and _ (up to 64)");
export const ZTagName = z.string().trim().min(1, "choose a tag").max(64, "tag names are at most 64 characters");
/** A text template with HTML formatting; Telegram's limits are checked by `check`. */
export const ZHtmlTemplate = z.string().max(20000, "the text is far over Telegram's limits");

export const next = (label = "Next"): TNodeOutput => ({ id: "next", label, required: false });
