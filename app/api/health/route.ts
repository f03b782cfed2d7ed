import { route, ok } from "@/lib/http/respond";
import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";

/** Liveness and database reachability, for load balancers and start-up scripts. */
export const GET = route(async () => {
  await db().$queryRaw`SELECT 1`;
  return ok({ ok: true });
});
