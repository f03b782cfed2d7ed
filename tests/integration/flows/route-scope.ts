// Calling the app's route handlers in-process, as Next calls them: inside the request
// scope that next/headers (and so next-auth's getServerSession) read, with the session
// cookie next-auth sets after a login (a JWT signed with NEXTAUTH_SECRET).
import { createRequire } from "node:module";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { encode } from "next-auth/jwt";
import { db } from "@/lib/db/client";
import type { StaffRole } from "@/lib/db/generated/enums";

type TStorage = { run<R>(store: unknown, fn: () => R): R };

const require = createRequire(path.resolve("package.json"));
// What Next's server loads first: AsyncLocalStorage on globalThis, which its request stores
// need. It must run before any next/* server module loads: import this file first, and the
// route modules only after it (see `routes` in the tests).
require("next/dist/server/node-environment-baseline");

function requestScope() {
  const { workAsyncStorage } = require("next/dist/server/app-render/work-async-storage.external") as { workAsyncStorage: TStorage };
  const { workUnitAsyncStorage } = require("next/dist/server/app-render/work-unit-async-storage.external") as { workUnitAsyncStorage: TStorage };
  const { actionAsyncStorage } = require("next/dist/server/app-render/action-async-storage.external") as { actionAsyncStorage: TStorage };
  const { createRequestStoreForAPI } = require("next/dist/server/async-storage/request-store") as {
    createRequestStoreForAPI(req: { headers: Headers }, url: URL, implicitTags: unknown, onUpdateCookies: undefined, previewProps: undefined, hmr: undefined): unknown;
  };
  return <R>(req: Request, route: string, fn: () => R): R => {
    const requestStore = createRequestStoreForAPI(req, new URL(req.url), { tags: [], expirationsByCacheKind: new Map() }, undefined, undefined, undefined);
    const workStore = { page: `${route}/route`, route, forceDynamic: true, forceStatic: false, dynamicShouldError: false, isStaticGeneration: false };
    return actionAsyncStorage.run({ isAppRoute: true, isAction: false }, () => workUnitAsyncStorage.run(requestStore, () => workAsyncStorage.run(workStore, fn)));
  };
}

type TRouteHandler<C> = (req: Request, ctx: C) => Promise<Response>;

export type TIssueBody = { nodeId: string | null; message: string; severity?: string; path?: string };
/** A route's JSON: the error shape of lib/http/respond.ts, or the handler's data. */
export type TResponseBody = { error?: { code: string; message: string; details?: { issues?: TIssueBody[] } } } & Record<string, unknown>;

export type TApiClient = {
  /** Calls `handler` for `method url` with the staff member's session (or none). */
  call<C>(handler: TRouteHandler<C>, route: string, method: string, url: string, ctx: C, body?: unknown): Promise<{ status: number; body: TResponseBody }>;
  cookieFor(role: StaffRole): Promise<string>;
  as(role: StaffRole | null): void;
};

/** Call once the test database is set (after useTestDatabase's beforeAll). */
export function apiClient(): TApiClient {
  process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString("hex");
  process.env.NEXTAUTH_URL ??= "http://127.0.0.1";
  const inScope = requestScope();
  const cookies = new Map<StaffRole, string>();
  let role: StaffRole | null = "ADMIN";
  const client: TApiClient = {
    async cookieFor(r) {
      let cookie = cookies.get(r);
      if (!cookie) {
        const s = await db().staffUser.create({ data: { email: `${r.toLowerCase()}.${Date.now()}@flows.test`, name: `${r} tester`, role: r, passwordHash: "!test: no password login" } });
        const token = await encode({ token: { sub: s.id, name: s.name, email: s.email, staffId: s.id, role: s.role }, secret: process.env.NEXTAUTH_SECRET! });
        cookie = `next-auth.session-token=${token}`;
        cookies.set(r, cookie);
      }
      return cookie;
    },
    as(r) {
      role = r;
    },
    async call(handler, route, method, url, ctx, body) {
      const headers = new Headers({ "content-type": "application/json" });
      if (role) headers.set("cookie", await client.cookieFor(role));
      const req = new Request(`http://127.0.0.1${url}`, { method, headers, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) });
      const res = await inScope(req, route, () => handler(req, ctx));
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : {}) as TResponseBody };
    },
  };
  return client;
}
