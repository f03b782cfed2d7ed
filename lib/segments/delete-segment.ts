// Delete a segment, unless another segment's rules use it (say which, so nothing breaks silently).
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import type { TRuleNode } from "./rules";

function references(node: TRuleNode, segmentId: string): boolean {
  if (node.type === "segment") return node.segmentId === segmentId;
  if (node.type === "group") return node.children.some((c) => references(c, segmentId));
  return false;
}

export async function deleteSegment(segmentId: string): Promise<void> {
  const segment = await db().segment.findUnique({ where: { id: segmentId }, select: { id: true, botId: true } });
  if (!segment) throw new AppError("NOT_FOUND", "This segment does not exist (it may have been deleted).");
  const others = await db().segment.findMany({
    where: { botId: segment.botId, id: { not: segmentId } },
    select: { name: true, rules: true },
  });
  const users = others.filter((o) => references(o.rules as TRuleNode, segmentId)).map((o) => `"${o.name}"`);
  if (users.length > 0) {
    throw new AppError("CONFLICT", `This segment is used by ${users.join(", ")}. Remove it from their rules first.`);
  }
  await db().segment.delete({ where: { id: segmentId } });
}
