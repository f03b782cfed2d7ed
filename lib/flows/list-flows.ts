import { db } from "../db/client";
import { flowStatus } from "./flow-status";

export async function listFlows(botId?: string) {
  const flows = await db().flow.findMany({
    where: botId ? { botId } : undefined,
    orderBy: { updatedAt: "desc" },
    select: {
      id: true,
      botId: true,
      name: true,
      description: true,
      draft: true,
      draftRevision: true,
      publishedAt: true,
      updatedAt: true,
      bot: { select: { name: true, username: true } },
      publishedVersion: { select: { version: true, draftRevision: true } },
    },
  });
  return flows.map((f) => ({
    id: f.id,
    botId: f.botId,
    botName: f.bot.name,
    botUsername: f.bot.username,
    name: f.name,
    description: f.description,
    status: flowStatus(f),
    publishedVersion: f.publishedVersion?.version ?? null,
    publishedAt: f.publishedAt,
    updatedAt: f.updatedAt,
    nodeCount: Array.isArray((f.draft as { nodes?: unknown[] })?.nodes) ? (f.draft as { nodes: unknown[] }).nodes.length : 0,
  }));
}
