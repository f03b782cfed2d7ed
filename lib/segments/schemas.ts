// Contracts of the segment API (the builder, the routes and the tests share them).
import { z } from "zod";
import { ZRules } from "./rules";

const ZName = z.string().trim().min(1, "give the segment a name").max(100, "a name has at most 100 characters");

export const ZCreateSegment = z.object({
  botId: z.string().min(1, "choose a bot"),
  name: ZName,
  description: z.string().trim().max(500).optional(),
  /** DYNAMIC: evaluated whenever it is used; STATIC: its current members are frozen now. */
  kind: z.enum(["DYNAMIC", "STATIC"]).default("DYNAMIC"),
  rules: ZRules,
});
export type TCreateSegment = z.infer<typeof ZCreateSegment>;

export const ZUpdateSegment = z.object({
  name: ZName.optional(),
  description: z.string().trim().max(500).nullable().optional(),
  rules: ZRules.optional(),
  /** STATIC only: replace the frozen members with the users the rules select now. */
  refreeze: z.boolean().optional(),
});
export type TUpdateSegment = z.infer<typeof ZUpdateSegment>;

export const ZPreviewSegment = z.object({
  botId: z.string().min(1, "choose a bot"),
  rules: ZRules,
  /** The stored segment being edited, if any (a reference back to it is refused). */
  segmentId: z.string().max(64).optional(),
  sample: z.number().int().min(0).max(200).default(50),
});
export type TPreviewSegment = z.infer<typeof ZPreviewSegment>;
