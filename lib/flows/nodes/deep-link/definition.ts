import { z } from "zod";
import { defineNode, next } from "../../define-node";

export const ZDeepLinkTrigger = z.object({
  /** The start parameter of t.me/<bot>?start=<payload>: up to 64 of A–Z, a–z, 0–9, _ and -. */
  payload: z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/, "a deep-link payload is 1–64 letters, digits, _ or -"),
  match: z.enum(["equals", "prefix"]).default("equals"),
});

export const deepLinkTrigger = defineNode({
  type: "deep-link",
  category: "trigger",
  label: "Deep link",
  description: "Starts when a user opens the bot through a tracked link (t.me/bot?start=payload).",
  icon: "🔗",
  schema: ZDeepLinkTrigger,
  defaults: (): z.output<typeof ZDeepLinkTrigger> => ({ payload: "promo", match: "equals" }),
  outputs: () => [next()],
  summary: (d) => `?start=${d.payload}${d.match === "prefix" ? "…" : ""}`,
});
