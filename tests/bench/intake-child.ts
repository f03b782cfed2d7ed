// Child processes of the intake benchmark (tests/bench/intake.bench.ts), one per role,
// so that the web side, the worker and the load generator do not share an event loop
// (in production the web server and the worker are separate processes too).
//
//   --role web     serves the webhook route module's exported POST handler
//                  (app/api/telegram/[botId]/route.ts) from a plain node:http server.
//                  This is the route handler WITHOUT Next's router/server: the request is
//                  converted to a web Request and called with the context shape Next
//                  passes ({ params: Promise<{ botId }> }).
//   --role worker  the real worker (lib/jobs/worker.ts): pg-boss job handlers
//                  (processing + bot handlers) and the pollers of POLLING bots.
//
// The parent sets DATABASE_URL (and LOG_LEVEL) in the environment and talks over IPC:
// child → { type: "ready", port? }, parent → { type: "stop" }, child → { type: "stopped", cpu }.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { serveChild } from "./harness";

export type TChildMessage =
  | { type: "ready"; port?: number }
  | { type: "cpu"; cpu: NodeJS.CpuUsage }
  | { type: "stopped"; cpu: NodeJS.CpuUsage; maxRssMb: number }
  | { type: "failed"; error: string };

const role = process.argv[process.argv.indexOf("--role") + 1];

function send(message: TChildMessage): void {
  process.send?.(message);
}

const ROUTE = /^\/api\/telegram\/([^/?]+)\/?(?:\?.*)?$/;
/** Hop-by-hop headers are not part of the request a route handler sees. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection"]);

function toWebRequest(req: IncomingMessage, body: Buffer): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  return new Request(`http://${req.headers.host ?? "127.0.0.1"}${req.url ?? "/"}`, { method: req.method, headers, body: new Uint8Array(body) });
}

async function runWeb(): Promise<() => Promise<void>> {
  const { POST } = await import("../../app/api/telegram/[botId]/route");
  const { getBoss, stopBoss } = await import("../../lib/jobs/boss");
  const { db, disconnectDb } = await import("../../lib/db/client");
  // Warm the connections the handler uses (Prisma pool, pg-boss producer) so the
  // first measured requests do not pay for start-up. The handler itself is untouched.
  await db().$queryRaw`SELECT 1`;
  await getBoss();
  const server = createServer((req, res) => {
    const match = ROUTE.exec(req.url ?? "");
    if (!match?.[1] || req.method !== "POST") {
      res.writeHead(404, { "content-type": "application/json" }).end('{"ok":false}');
      return;
    }
    const botId = decodeURIComponent(match[1]);
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        try {
          const response = await POST(toWebRequest(req, Buffer.concat(chunks)), { params: Promise.resolve({ botId }) });
          const payload = Buffer.from(await response.arrayBuffer());
          res.writeHead(response.status, { ...Object.fromEntries(response.headers), "content-length": payload.length });
          res.end(payload);
        } catch (e) {
          // Next would turn an exception into a 500 as well.
          console.error("route handler threw", e);
          res.writeHead(500, { "content-type": "application/json" }).end('{"ok":false}');
        }
      })();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  send({ type: "ready", port: (server.address() as AddressInfo).port });
  return async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    await stopBoss();
    await disconnectDb();
  };
}

async function runWorker(): Promise<() => Promise<void>> {
  const { startWorker } = await import("../../lib/jobs/worker");
  const { disconnectDb } = await import("../../lib/db/client");
  const worker = await startWorker();
  send({ type: "ready" });
  return async () => {
    await worker.stop();
    await disconnectDb();
  };
}

async function main(): Promise<void> {
  if (role !== "web" && role !== "worker") throw new Error(`unknown --role ${String(role)}`);
  serveChild(role === "web" ? await runWeb() : await runWorker(), (message) => {
    if (message.type === "cpu") send({ type: "cpu", cpu: process.cpuUsage() });
  });
}

main().catch((e: unknown) => {
  send({ type: "failed", error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  console.error(e);
  process.exit(1);
});
