// Reading what the runtime needs: published versions (immutable, cached by id) and the user.
import { db, Prisma } from "../../db/client";
import { parseFlowDocument, type TFlowNode } from "../document";
import { templateUser } from "../template";
import type { TFlowUser, TLoadedVersion } from "./types";

const versions = new Map<number, TLoadedVersion>();
const MAX_CACHED = 500;

export function toLoadedVersion(flowId: string, flowName: string, versionId: number, raw: unknown): TLoadedVersion {
  const document = parseFlowDocument(raw);
  const nodes = new Map<string, TFlowNode>(document.nodes.map((n) => [n.id, n]));
  const edges = new Map<string, string>(document.edges.map((e) => [`${e.source}\u0000${e.sourceHandle}`, e.target]));
  return { flowId, flowName, versionId, document, nodes, edges };
}

/** A published version by id (versions never change once published). */
export async function loadVersion(versionId: number): Promise<TLoadedVersion | null> {
  const cached = versions.get(versionId);
  if (cached) return cached;
  const row = await db().flowVersion.findUnique({ where: { id: versionId }, select: { id: true, document: true, flow: { select: { id: true, name: true } } } });
  if (!row) return null;
  const loaded = toLoadedVersion(row.flow.id, row.flow.name, row.id, row.document);
  if (versions.size >= MAX_CACHED) versions.delete(versions.keys().next().value!);
  versions.set(versionId, loaded);
  return loaded;
}

export function rememberVersion(v: TLoadedVersion): void {
  versions.set(v.versionId, v);
}

/** The published version of a flow of this bot, or null (for go-to-flow). */
export async function loadPublishedVersion(botId: string, flowId: string): Promise<TLoadedVersion | null> {
  const flow = await db().flow.findFirst({ where: { id: flowId, botId }, select: { publishedVersionId: true } });
  return flow?.publishedVersionId ? loadVersion(flow.publishedVersionId) : null;
}

const USER_SELECT = {
  id: true,
  telegramId: true,
  firstName: true,
  lastName: true,
  username: true,
  languageCode: true,
  attributes: true,
  firstSeenAt: true,
  lastSeenAt: true,
  blockedAt: true,
} as const;

/** USER_SELECT's columns of the user table aliased `t`, for statements written in SQL. */
export const USER_COLUMNS_OF_T = Prisma.sql`t."id", t."telegramId", t."firstName", t."lastName", t."username", t."languageCode", t."attributes", t."firstSeenAt", t."lastSeenAt", t."blockedAt"`;
export type TUserRow = { attributes: unknown } & Omit<TFlowUser, "attributes">;

export function toFlowUser(row: TUserRow): TFlowUser {
  return templateUser(row);
}

export async function loadUserByTelegramId(botId: string, telegramId: number): Promise<TFlowUser | null> {
  const row = await db().telegramUser.findUnique({ where: { botId_telegramId: { botId, telegramId: BigInt(telegramId) } }, select: USER_SELECT });
  return row ? toFlowUser(row) : null;
}

export async function loadUser(id: string): Promise<TFlowUser | null> {
  const row = await db().telegramUser.findUnique({ where: { id }, select: USER_SELECT });
  return row ? toFlowUser(row) : null;
}
