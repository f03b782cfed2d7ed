// Tiny router for the control API: JSON in/out, zod errors -> 400 with a clear message.
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { readBody } from "../http/body";
import { sendJson } from "../http/respond";
import { EmulatorStateError, type EmulatorState } from "../state";
import { botRoutes } from "./routes-bots";
import { userRoutes } from "./routes-users";

export interface RouteContext {
  state: EmulatorState;
  /** Captured path segments (":id" parts), in order. */
  params: string[];
  query: URLSearchParams;
  body: unknown;
}

export interface Route {
  method: "GET" | "POST" | "DELETE";
  /** e.g. "/bots/:id/sent" (relative to /control). */
  path: string;
  status?: number;
  handler: (ctx: RouteContext) => unknown;
}

interface CompiledRoute extends Route {
  regex: RegExp;
}

const healthRoutes: Route[] = [
  { method: "GET", path: "/health", handler: () => ({ ok: true }) },
  {
    method: "POST",
    path: "/reset",
    handler: ({ state }) => {
      state.reset();
      return { ok: true };
    },
  },
];

const ROUTES: CompiledRoute[] = [...healthRoutes, ...botRoutes, ...userRoutes].map((route) => ({
  ...route,
  regex: new RegExp(`^${route.path.replace(/:[a-z_]+/g, "([^/]+)")}$`),
}));

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new EmulatorStateError(400, `path segment "${segment}" is not valid percent-encoding`);
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const raw = (await readBody(req)).toString("utf8").trim();
  if (raw === "") return {};
  try {
    return JSON.parse(raw);
  } catch {
    throw new EmulatorStateError(400, "request body is not valid JSON");
  }
}

export async function handleControl(
  state: EmulatorState,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const path = url.pathname.replace(/^\/control/, "").replace(/\/+$/, "") || "/";
  const candidates = ROUTES.filter((r) => r.regex.test(path));
  if (candidates.length === 0) return sendJson(res, 404, { error: `no control endpoint ${path}` });
  const route = candidates.find((r) => r.method === req.method);
  if (!route) return sendJson(res, 405, { error: `${req.method} not allowed on ${path}` });
  try {
    const params = (route.regex.exec(path) ?? []).slice(1).map(decodeSegment);
    const body = req.method === "POST" ? await readJson(req) : {};
    const result = await route.handler({ state, params, query: url.searchParams, body });
    sendJson(res, route.status ?? 200, result);
  } catch (error) {
    if (error instanceof z.ZodError) return sendJson(res, 400, { error: z.prettifyError(error), issues: error.issues });
    if (error instanceof EmulatorStateError) return sendJson(res, error.status, { error: error.message });
    console.error("[emulator] control API crashed", error);
    sendJson(res, 500, { error: error instanceof Error ? error.message : "internal error" });
  }
}
