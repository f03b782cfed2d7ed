// Every route handler (and every console page) called as anonymous, agent,
// marketer, manager and admin; the expected allow/deny comes from the one
// permission table in lib/auth/permissions.ts.
import { test, expect, request as pwRequest, type APIRequestContext } from "@playwright/test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { E2E } from "./config";
import { apiLogin } from "./auth";
import { can, type TPermission } from "../../lib/auth/permissions";

type TRole = "ADMIN" | "MANAGER" | "MARKETER" | "AGENT";
/** "link": public, but only for a real token (an unknown one is a 404 to anybody). */
type TAccess = TPermission | "public" | "webhook" | "link";
type TCall = { method: string; path: string; route: string; access: TAccess; body?: unknown; stream?: boolean };

const ROUTES: TCall[] = [
  { method: "GET", path: "/api/health", route: "/api/health", access: "public" },
  { method: "GET", path: "/api/auth/session", route: "/api/auth/[...nextauth]", access: "public" },
  { method: "POST", path: "/api/auth/signout", route: "/api/auth/[...nextauth]", access: "public" },
  { method: "GET", path: "/api/bots", route: "/api/bots", access: "bots:read" },
  { method: "POST", path: "/api/bots", route: "/api/bots", access: "bots:manage", body: { token: "bad" } },
  { method: "PATCH", path: "/api/bots/does-not-exist", route: "/api/bots/[botId]", access: "bots:manage", body: { updateMode: "POLLING" } },
  { method: "DELETE", path: "/api/bots/does-not-exist", route: "/api/bots/[botId]", access: "bots:manage" },
  { method: "GET", path: "/api/staff", route: "/api/staff", access: "staff:manage" },
  { method: "POST", path: "/api/staff", route: "/api/staff", access: "staff:manage", body: { email: "not-an-email" } },
  { method: "PATCH", path: "/api/staff/does-not-exist", route: "/api/staff/[staffId]", access: "staff:manage", body: { role: "AGENT" } },
  { method: "GET", path: "/api/users", route: "/api/users", access: "users:read" },
  { method: "GET", path: "/api/users/does-not-exist", route: "/api/users/[userId]", access: "users:read" },
  { method: "POST", path: "/api/telegram/does-not-exist", route: "/api/telegram/[botId]", access: "webhook", body: { update_id: 1 } },
  { method: "GET", path: "/api/inbox/conversations", route: "/api/inbox/conversations", access: "inbox:use" },
  { method: "GET", path: "/api/inbox/conversations/does-not-exist", route: "/api/inbox/conversations/[conversationId]", access: "inbox:use" },
  { method: "PATCH", path: "/api/inbox/conversations/does-not-exist", route: "/api/inbox/conversations/[conversationId]", access: "inbox:use", body: { read: true } },
  { method: "GET", path: "/api/inbox/conversations/does-not-exist/messages", route: "/api/inbox/conversations/[conversationId]/messages", access: "inbox:use" },
  { method: "POST", path: "/api/inbox/conversations/does-not-exist/messages", route: "/api/inbox/conversations/[conversationId]/messages", access: "inbox:use", body: { clientId: "role-matrix-1", text: "hi" } },
  { method: "POST", path: "/api/inbox/conversations/does-not-exist/typing", route: "/api/inbox/conversations/[conversationId]/typing", access: "inbox:use" },
  { method: "GET", path: "/api/inbox/canned-replies", route: "/api/inbox/canned-replies", access: "inbox:use" },
  { method: "POST", path: "/api/inbox/canned-replies", route: "/api/inbox/canned-replies", access: "inbox:use", body: { shortcut: "" } },
  { method: "DELETE", path: "/api/inbox/canned-replies/does-not-exist", route: "/api/inbox/canned-replies/[replyId]", access: "inbox:manage" },
  { method: "GET", path: "/api/inbox/stream", route: "/api/inbox/stream", access: "users:read", stream: true },
  { method: "GET", path: "/api/tags", route: "/api/tags", access: "users:read" },
  { method: "POST", path: "/api/tags", route: "/api/tags", access: "users:tag", body: { name: "" } },
  { method: "POST", path: "/api/users/does-not-exist/tags", route: "/api/users/[userId]/tags", access: "users:tag", body: { name: "Role matrix" } },
  { method: "DELETE", path: "/api/users/does-not-exist/tags?tagId=nope", route: "/api/users/[userId]/tags", access: "users:tag" },
  { method: "POST", path: "/api/users/tags", route: "/api/users/tags", access: "users:tag", body: {} },
  { method: "GET", path: "/api/inbox/uploads/does-not-exist", route: "/api/inbox/uploads/[uploadId]", access: "inbox:use" },
  { method: "GET", path: "/api/settings/inbox", route: "/api/settings/inbox", access: "inbox:use" },
  { method: "PUT", path: "/api/settings/inbox", route: "/api/settings/inbox", access: "inbox:manage", body: { autoAssign: "sometimes" } },
  { method: "GET", path: "/api/users/export?segment=does-not-exist", route: "/api/users/export", access: "users:export" },
  { method: "GET", path: "/api/segments", route: "/api/segments", access: "segments:read" },
  { method: "POST", path: "/api/segments", route: "/api/segments", access: "segments:edit", body: { name: "" } },
  { method: "GET", path: "/api/segments/does-not-exist", route: "/api/segments/[segmentId]", access: "segments:read" },
  { method: "PATCH", path: "/api/segments/does-not-exist", route: "/api/segments/[segmentId]", access: "segments:edit", body: { name: "x" } },
  { method: "DELETE", path: "/api/segments/does-not-exist", route: "/api/segments/[segmentId]", access: "segments:edit" },
  { method: "POST", path: "/api/segments/preview", route: "/api/segments/preview", access: "segments:read", body: { botId: "" } },
  { method: "GET", path: "/api/segments/options", route: "/api/segments/options", access: "segments:read" },
  { method: "GET", path: "/api/settings/lifecycle", route: "/api/settings/lifecycle", access: "segments:read" },
  { method: "PUT", path: "/api/settings/lifecycle", route: "/api/settings/lifecycle", access: "segments:edit", body: { activeDays: 0 } },
  { method: "GET", path: "/api/campaigns", route: "/api/campaigns", access: "campaigns:read" },
  { method: "POST", path: "/api/campaigns", route: "/api/campaigns", access: "campaigns:send", body: { name: "" } },
  { method: "GET", path: "/api/campaigns/does-not-exist", route: "/api/campaigns/[campaignId]", access: "campaigns:read" },
  { method: "PATCH", path: "/api/campaigns/does-not-exist", route: "/api/campaigns/[campaignId]", access: "campaigns:send", body: { name: "x" } },
  { method: "DELETE", path: "/api/campaigns/does-not-exist", route: "/api/campaigns/[campaignId]", access: "campaigns:send" },
  { method: "GET", path: "/api/campaigns/does-not-exist/check", route: "/api/campaigns/[campaignId]/check", access: "campaigns:read" },
  { method: "POST", path: "/api/campaigns/does-not-exist/test-send", route: "/api/campaigns/[campaignId]/test-send", access: "campaigns:send", body: { telegramUserIds: [] } },
  { method: "POST", path: "/api/campaigns/does-not-exist/launch", route: "/api/campaigns/[campaignId]/launch", access: "campaigns:send" },
  { method: "POST", path: "/api/campaigns/does-not-exist/control", route: "/api/campaigns/[campaignId]/control", access: "campaigns:send", body: { action: "pause" } },
  { method: "GET", path: "/api/campaigns/does-not-exist/progress", route: "/api/campaigns/[campaignId]/progress", access: "campaigns:read" },
  { method: "GET", path: "/api/campaigns/does-not-exist/report", route: "/api/campaigns/[campaignId]/report", access: "campaigns:read" },
  { method: "GET", path: "/r/doesnotexist1/b1", route: "/r/[token]/[buttonId]", access: "link" },
  { method: "GET", path: "/api/flows", route: "/api/flows", access: "flows:edit" },
  { method: "POST", path: "/api/flows", route: "/api/flows", access: "flows:edit", body: { name: "" } },
  { method: "GET", path: "/api/flows/does-not-exist", route: "/api/flows/[flowId]", access: "flows:edit" },
  { method: "PUT", path: "/api/flows/does-not-exist", route: "/api/flows/[flowId]", access: "flows:edit", body: { draft: { version: 2, nodes: [], edges: [] }, baseRevision: 0 } },
  { method: "DELETE", path: "/api/flows/does-not-exist", route: "/api/flows/[flowId]", access: "flows:edit" },
  { method: "POST", path: "/api/flows/does-not-exist/publish", route: "/api/flows/[flowId]/publish", access: "flows:edit" },
  { method: "POST", path: "/api/flows/does-not-exist/unpublish", route: "/api/flows/[flowId]/unpublish", access: "flows:edit" },
  { method: "GET", path: "/api/flows/does-not-exist/stats", route: "/api/flows/[flowId]/stats", access: "flows:edit" },
];

const PAGES: { path: string; page: string; access: TPermission }[] = [
  { path: "/", page: "/", access: "console:view" },
  { path: "/inbox", page: "/inbox", access: "inbox:use" },
  { path: "/flows", page: "/flows", access: "flows:edit" },
  { path: "/flows/does-not-exist", page: "/flows/[flowId]", access: "flows:edit" },
  { path: "/segments", page: "/segments", access: "segments:read" },
  { path: "/segments/new", page: "/segments/new", access: "segments:edit" },
  { path: "/segments/does-not-exist", page: "/segments/[id]", access: "segments:read" },
  { path: "/campaigns", page: "/campaigns", access: "campaigns:read" },
  { path: "/campaigns/does-not-exist", page: "/campaigns/[campaignId]", access: "campaigns:read" },
  { path: "/users", page: "/users", access: "users:read" },
  { path: "/analytics", page: "/analytics", access: "analytics:read" },
  { path: "/settings", page: "/settings", access: "bots:read" },
  { path: "/users/does-not-exist", page: "/users/[id]", access: "users:read" },
];

/** Pages anyone may open, signed in or not. */
const OPEN_PAGES = new Set(["/login", "/forbidden"]);

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? routeFiles(p) : name === "route.ts" ? [p] : [];
  });
}

test("the matrix covers every route handler and method in app/api", () => {
  const found = [...routeFiles("app/api"), ...routeFiles("app/r")].flatMap((file) => {
    const src = readFileSync(file, "utf8");
    const methods = [...src.matchAll(/export (?:const|async function) (GET|POST|PUT|PATCH|DELETE)\b|as (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1] ?? m[2]);
    const route = "/" + file.replace(/\\/g, "/").replace(/^app\//, "").replace(/\/route\.ts$/, "");
    return methods.map((m) => `${m} ${route}`);
  });
  const covered = new Set(ROUTES.map((r) => `${r.method} ${r.route}`));
  expect(found.length).toBeGreaterThan(5);
  for (const f of found) expect(covered, `role matrix is missing ${f}`).toContain(f);
});

function pageFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? pageFiles(p) : name === "page.tsx" ? [p] : [];
  });
}

test("the matrix covers every console page", () => {
  const found = pageFiles("app").map((file) =>
    ("/" + file.replace(/\\/g, "/").replace(/^app\//, "").replace(/\(([^)]+)\)\//g, "").replace(/\/?page\.tsx$/, "")).replace(/^\/$/, "/") || "/",
  );
  const covered = new Set(PAGES.map((p) => p.page));
  expect(found.length).toBeGreaterThan(5);
  for (const f of found) if (!OPEN_PAGES.has(f)) expect(covered, `role matrix is missing page ${f}`).toContain(f);
});

async function call(ctx: APIRequestContext, r: TCall) {
  if (r.stream) {
    // A Server-Sent Events stream never ends: read the status, then hang up.
    const cookies = (await ctx.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join("; ");
    const ctrl = new AbortController();
    const res = await fetch(`${E2E.baseUrl}${r.path}`, { headers: { cookie: cookies }, signal: ctrl.signal, redirect: "manual" });
    ctrl.abort();
    return res.status;
  }
  const res = await ctx.fetch(r.path, { method: r.method, data: r.body, maxRedirects: 0 });
  return res.status();
}

function expectStatus(status: number, allowed: boolean, label: string) {
  expect(status, `${label}: server error`).toBeLessThan(500);
  if (allowed) expect([401, 403], `${label} should be allowed`).not.toContain(status);
  else expect(status, `${label} should be denied`).toBe(403);
}

test("anonymous callers get 401 from protected routes; public and webhook routes answer without a session", async () => {
  const anon = await pwRequest.newContext({ baseURL: E2E.baseUrl });
  for (const r of ROUTES) {
    const status = await call(anon, r);
    expect(status, `${r.method} ${r.path}`).toBeLessThan(500);
    if (r.access === "public") expect(status, `${r.method} ${r.path}`).toBeLessThan(400);
    else if (r.access === "webhook" || r.access === "link") expect(status, `${r.method} ${r.path}`).toBe(404);
    else expect(status, `${r.method} ${r.path}`).toBe(401);
  }
  for (const p of PAGES) {
    const res = await anon.get(p.path, { maxRedirects: 0 });
    expect(res.status(), p.path).toBeGreaterThanOrEqual(300);
    expect(res.headers()["location"] ?? "", p.path).toContain("/login");
  }
  await anon.dispose();
});

for (const role of ["AGENT", "MARKETER", "MANAGER", "ADMIN"] as TRole[]) {
  test(`role ${role.toLowerCase()}: allowed and denied exactly as the permission table says`, async () => {
    const ctx = await pwRequest.newContext({ baseURL: E2E.baseUrl });
    await apiLogin(ctx, E2E.staff[role]);
    for (const r of ROUTES) {
      if (r.access === "public" || r.access === "webhook" || r.access === "link" || (r.path === "/api/auth/signout")) continue;
      expectStatus(await call(ctx, r), can(role, r.access), `${role} ${r.method} ${r.path}`);
    }
    for (const p of PAGES) {
      const res = await ctx.get(p.path, { maxRedirects: 0 });
      const allowed = can(role, p.access);
      if (allowed) expect([200, 404], `${role} ${p.path}`).toContain(res.status());
      else expect(res.headers()["location"] ?? "", `${role} ${p.path}`).toContain("/forbidden");
    }
    await ctx.dispose();
  });
}
