import { z } from "zod";

export const TAG_COLORS = ["#6366f1", "#0ea5e9", "#10b981", "#f59e0b", "#ef4444", "#ec4899", "#8b5cf6", "#64748b"] as const;

export const ZTagName = z
  .string()
  .trim()
  .min(1, "Give the tag a name.")
  .max(48, "Tag names can be at most 48 characters.")
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} _.:+-]*$/u, "Tag names use letters, digits, spaces and _ . : + - (starting with a letter or digit).");

export const ZCreateTag = z.object({
  name: ZTagName,
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, "color must look like #6366f1").optional(),
});

/** Add a tag to a user by id, or by name (created on the fly when it does not exist). */
export const ZApplyTag = z.union([
  z.object({ tagId: z.string().min(1) }),
  z.object({ name: ZTagName, color: z.string().regex(/^#[0-9a-fA-F]{6}$/).optional() }),
]);

export const ZBulkTag = z.object({
  userIds: z.array(z.string().min(1)).min(1, "Select at least one user.").max(1000, "Tag at most 1,000 users at a time."),
  action: z.enum(["add", "remove"]),
  tag: ZApplyTag,
});
