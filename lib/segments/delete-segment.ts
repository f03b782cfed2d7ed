// Delete a segment, unless another segment's rules use it, or a campaign not launched yet
// (draft or scheduled) has it as its audience: say which, so nothing breaks silently. A
// launched campaign froze its recipients and no longer needs the segment.
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import type { TRuleNode } from "./rules";

function references(node: TRuleNode, segmentId: string): boolean {
  if (!node || typeof node !== "object") return false;
  if (node.type === "segment") return node.segmentId === segmentId;
  if (node.type === "group") return Array.isArray(node.children) && node.children.some((c) => references(c, segmentId));
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
  const pending = await db().campaign.findMany({
    where: { botId: segment.botId, status: { in: ["DRAFT", "SCHEDULED"] } },
    select: { name: true, status: true, audience: true },
    orderBy: { name: "asc" },
  });
  const audienceOf = pending.filter((c) => {
    const a = c.audience as { segmentId?: unknown; rules?: unknown } | null;
    return a?.segmentId === segmentId || (a?.rules && typeof a.rules === "object" && references(a.rules as TRuleNode, segmentId));
  });
  if (audienceOf.length > 0) {
    const names = audienceOf.map((c) => `"${c.name}" (${c.status === "DRAFT" ? "draft" : "scheduled"})`).join(", ");
    throw new AppError("CONFLICT", `This segment is the audience of the campaign${audienceOf.length > 1 ? "s" : ""} ${names}. Choose another audience there first.`);
  }
  await db().segment.delete({ where: { id: segmentId } });
}
