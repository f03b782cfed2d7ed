// The running bot's flow handlers. Each update reads the bot's flows revision (one indexed
// read, shared by the updates being answered at the same moment); when publishing or unpublishing has bumped it, the published versions are loaded
// and compiled again and the new Composer replaces the old one, without a restart.
import type { Context, MiddlewareFn } from "grammy";
import { db } from "../../db/client";
import { compileFlows } from "./compile";
import { rememberVersion, toLoadedVersion } from "./load";
import type { Composer } from "grammy";
import type { TLoadedVersion } from "./types";
import { log } from "../../log";
import { batched } from "../../db/batched";

type TCompiled = { revision: number; composer: Composer<Context> };
const compiled = new Map<string, TCompiled>();
const compiling = new Map<string, Promise<TCompiled>>();

async function compile(botId: string, revision: number): Promise<TCompiled> {
  const flows = await db().flow.findMany({
    where: { botId, publishedVersionId: { not: null } },
    orderBy: { publishedAt: "asc" },
    select: { id: true, name: true, publishedVersion: { select: { id: true, document: true } } },
  });
  const versions: TLoadedVersion[] = [];
  for (const f of flows) {
    // A version that no longer parses (a bug, a bad manual edit) is left out, loudly:
    // the bot's other flows and built-in answers keep working.
    try {
      versions.push(toLoadedVersion(f.id, f.name, f.publishedVersion!.id, f.publishedVersion!.document));
    } catch (e) {
      log.error("a published flow cannot be loaded; it is skipped", { botId, flowId: f.id, error: e instanceof Error ? e.message : String(e) });
    }
  }
  versions.forEach(rememberVersion);
  const result = { revision, composer: compileFlows(botId, versions) };
  compiled.set(botId, result);
  return result;
}

/** The bots' flows revisions, read after the updates asking for them arrived. */
const readRevision = batched<string, number | undefined>(async (botIds) => {
  const rows = await db().$queryRaw<{ id: string; r: number }[]>`
    SELECT "id", "flowsRevision" AS r FROM "Bot" WHERE "id" = ANY(${[...new Set(botIds)]}::text[])`;
  const byId = new Map(rows.map((row) => [row.id, row.r]));
  return botIds.map((id) => byId.get(id));
});

export async function currentFlows(botId: string): Promise<Composer<Context> | null> {
  const revision = await readRevision(botId);
  if (revision === undefined) return null;
  const cached = compiled.get(botId);
  if (cached && cached.revision >= revision) return cached.composer;
  const key = `${botId}:${revision}`;
  let pending = compiling.get(key);
  if (!pending) {
    pending = compile(botId, revision).finally(() => compiling.delete(key));
    compiling.set(key, pending);
  }
  return (await pending).composer;
}

/** Runs the bot's published flows; what no flow handles goes on to the built-in handlers. */
export function flowsMiddleware(botId: string): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const composer = await currentFlows(botId);
    if (!composer) return next();
    await composer.middleware()(ctx, next);
  };
}

export function forgetFlows(botId: string): void {
  compiled.delete(botId);
}
