import { route, parseInput } from "@/lib/http/respond";
import { requirePermission } from "@/lib/auth/session";
import { exportFileName, exportUsersCsv } from "@/lib/users/export-users";
import { ZListUsers, searchParamsToObject } from "@/lib/users/schemas";

/** The Users table with its filters (e.g. ?segment=…) as a CSV download. */
export const GET = route(async (req) => {
  await requirePermission("users:export");
  const filters = parseInput(ZListUsers, searchParamsToObject(new URL(req.url).searchParams));
  const lines = exportUsersCsv(filters);
  // Read the first chunk now: a bad filter (e.g. a deleted segment) is still a clean 4xx.
  const first = await lines.next();
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (!first.done) controller.enqueue(encoder.encode(first.value));
    },
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${await exportFileName(filters.segment)}"`,
      "cache-control": "no-store",
    },
  });
});
