// Server-Sent Events: every inbox change, live, to every open console. Resumes after
// the id in `Last-Event-ID` (the browser's own reconnects) or `?after=` (the client's).
import { parseInput, route } from "@/lib/http/respond";
import { requirePermission } from "@/lib/auth/session";
import { subscribe, type TInboxSubscription } from "@/lib/realtime/listener";
import { ZStreamCursor, type TInboxStreamEvent } from "@/lib/realtime/schemas";
import { createStreamFilter } from "@/lib/inbox/stream-filter";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const PING_MS = 15_000;
/** A client this far behind is cut off; it reconnects with Last-Event-ID and catches up from the table. */
const MAX_QUEUED_BYTES = 1024 * 1024;

function resumePoint(req: Request): bigint | null {
  const header = req.headers.get("last-event-id")?.trim();
  const query = new URL(req.url).searchParams.get("after")?.trim();
  const raw = header || query;
  if (!raw) return null;
  return BigInt(parseInput(ZStreamCursor, raw));
}

function format(e: TInboxStreamEvent): string {
  return `id: ${e.id}\nevent: ${e.kind}\ndata: ${JSON.stringify(e)}\n\n`;
}

export const GET = route(async (req) => {
  // Everyone who sees users may listen (the Users table follows tag changes); the filter
  // keeps conversations to those who may use the inbox.
  const staff = await requirePermission("users:read");
  const allowed = createStreamFilter(staff);
  const after = resumePoint(req);
  const encoder = new TextEncoder();
  let close = () => undefined as void;

  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        let closed = false;
        let subscription: TInboxSubscription | null = null;
        let ping: ReturnType<typeof setInterval> | null = null;
        close = () => {
          if (closed) return;
          closed = true;
          if (ping) clearInterval(ping);
          subscription?.unsubscribe();
          req.signal.removeEventListener("abort", close);
          try {
            controller.close();
          } catch {
            // already closed or cancelled
          }
        };
        const write = (text: string) => {
          if (closed) return;
          try {
            controller.enqueue(encoder.encode(text));
          } catch {
            close();
            return;
          }
          if ((controller.desiredSize ?? 0) < -MAX_QUEUED_BYTES) close();
        };
        if (req.signal.aborted) return close();
        req.signal.addEventListener("abort", close, { once: true });
        write("retry: 1000\n\n");
        // Filtering may read the database; a chain keeps the events in their order.
        let chain = Promise.resolve();
        subscription = subscribe(after, (e) => {
          chain = chain.then(async () => {
            if (await allowed(e).catch(() => false)) write(format(e));
          });
        });
        ping = setInterval(() => write(": ping\n\n"), PING_MS);
      },
      cancel() {
        close();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: 64 * 1024 }),
  );

  return new Response(body, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
});
