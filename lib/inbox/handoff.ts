// Bot → human handoff: a keyword (or a flow step, or the "Talk to a human"
// button) opens the conversation for a person, auto-assigns it when that is
// switched on, and, while a person handles it, the bot's automated replies pause.
import { db, type Prisma } from "../db/client";
import { PERMISSIONS } from "../auth/permissions";
import { publishInboxEvent } from "../realtime/publish";
import { getInboxSettings } from "./settings";

type Tx = Prisma.TransactionClient;
const ONLINE_MS = 5 * 60 * 1000;

/** Picks an online agent by the configured strategy, or null. */
async function pickAgent(tx: Tx, strategy: "round-robin" | "least-busy"): Promise<string | null> {
  const online = await tx.staffUser.findMany({
    where: { disabledAt: null, role: { in: [...PERMISSIONS["inbox:use"]] }, lastActiveAt: { gte: new Date(Date.now() - ONLINE_MS) } },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  if (online.length === 0) return null;
  const ids = online.map((s) => s.id);
  if (strategy === "least-busy") {
    const loads = await tx.conversation.groupBy({ by: ["assigneeId"], where: { status: "OPEN", assigneeId: { in: ids } }, _count: { _all: true } });
    const load = new Map(loads.map((l) => [l.assigneeId, l._count._all]));
    return ids.reduce((best, id) => ((load.get(id) ?? 0) < (load.get(best) ?? 0) ? id : best), ids[0]!);
  }
  const last = await tx.conversationAssignment.findFirst({ where: { reason: "auto", toStaffId: { in: ids } }, orderBy: { createdAt: "desc" }, select: { toStaffId: true } });
  const i = last?.toStaffId ? ids.indexOf(last.toStaffId) : -1;
  return ids[(i + 1) % ids.length]!;
}

/** Marks the conversation as handed off to a person; returns true when it changed. */
export async function requestHandoff(tx: Tx, conversationId: string, via: string): Promise<boolean> {
  const c = await tx.conversation.findUniqueOrThrow({ where: { id: conversationId }, select: { handoffAt: true, status: true, assigneeId: true } });
  if (c.handoffAt && c.status === "OPEN") return false;
  await tx.conversation.update({ where: { id: conversationId }, data: { handoffAt: new Date(), status: "OPEN", closedAt: null } });
  const settings = await getInboxSettings();
  if (!c.assigneeId && settings.autoAssign !== "off") {
    const agentId = await pickAgent(tx, settings.autoAssign);
    if (agentId) {
      await tx.conversation.update({ where: { id: conversationId }, data: { assigneeId: agentId } });
      await tx.conversationAssignment.create({ data: { conversationId, toStaffId: agentId, reason: "auto" } });
      await publishInboxEvent(tx, { kind: "conversation.assigned", conversationId, payload: { assigneeId: agentId, reason: "auto" } });
    }
  }
  await publishInboxEvent(tx, { kind: "conversation.updated", conversationId, payload: { reason: "handoff", via } });
  return true;
}

/**
 * While a person handles the chat, the bot stays quiet: open, assigned, and handed to a
 * person (handoffAt: a handoff, an assignment or an agent's reply) since it was last closed.
 * Closing clears handoffAt, so a user who writes again after that gets the bot's answers
 * until a person takes the chat again.
 */
export async function botRepliesPaused(botId: string, chatId: number | null): Promise<boolean> {
  if (chatId === null) return false;
  const settings = await getInboxSettings();
  if (!settings.pauseBotWhileHandled) return false;
  const c = await db().conversation.findUnique({ where: { botId_chatId: { botId, chatId: BigInt(chatId) } }, select: { status: true, assigneeId: true, handoffAt: true } });
  return !!c && c.status === "OPEN" && c.assigneeId !== null && c.handoffAt !== null;
}

/** Remember that this person has the console open (auto-assign picks online agents). */
export async function touchStaffActivity(staffId: string): Promise<void> {
  await db().staffUser.updateMany({ where: { id: staffId, OR: [{ lastActiveAt: null }, { lastActiveAt: { lt: new Date(Date.now() - 30_000) } }] }, data: { lastActiveAt: new Date() } });
}
