import type { z } from "zod";
import { findTagByName } from "./find-tag-by-name";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { TAG_COLORS, type ZCreateTag } from "./schemas";

export async function createTag(input: z.infer<typeof ZCreateTag>) {
  const exists = await findTagByName(input.name);
  if (exists) throw new AppError("CONFLICT", `A tag named "${exists.name}" already exists.`);
  const count = await db().tag.count();
  return db().tag.create({ data: { name: input.name, color: input.color ?? TAG_COLORS[count % TAG_COLORS.length]! }, select: { id: true, name: true, color: true } });
}
