import { route, ok, parseInput, readJson } from "@/lib/http/respond";
import { requirePermission } from "@/lib/auth/session";
import { listTags } from "@/lib/tags/list-tags";
import { createTag } from "@/lib/tags/create-tag";
import { ZCreateTag } from "@/lib/tags/schemas";

export const GET = route(async (req) => {
  await requirePermission("users:read");
  const q = new URL(req.url).searchParams.get("q")?.trim().slice(0, 48) || undefined;
  return ok(await listTags(q));
});

export const POST = route(async (req) => {
  await requirePermission("users:tag");
  const input = parseInput(ZCreateTag, await readJson(req));
  return ok({ tag: await createTag(input) }, 201);
});
