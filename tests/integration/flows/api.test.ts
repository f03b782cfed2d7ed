// Acceptance 4 of issue #4, through the route handlers: invalid documents get a 400 naming
// the bad node and nothing is half-saved; publishing a flow with problems is refused with
// the problems listed (each with its node), creating no version and leaving the running
// bot alone; a stale editor copy gets a 409.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, type TApiClient } from "./route-scope";
import { db } from "@/lib/db/client";
import { flow, node, commandReply } from "@/tests/support/flow-document";
import { useTestDatabase } from "../helpers";
import { startFlowHarness, type TFlowHarness } from "./harness";

useTestDatabase();

// The route modules load next/* server code: only after route-scope has prepared Node for it.
const routes = async () => ({
  flowsRoute: await import("@/app/api/flows/route"),
  flowRoute: await import("@/app/api/flows/[flowId]/route"),
  publishRoute: await import("@/app/api/flows/[flowId]/publish/route"),
  unpublishRoute: await import("@/app/api/flows/[flowId]/unpublish/route"),
});

let h: TFlowHarness;
let api: TApiClient;
let flowsRoute: Awaited<ReturnType<typeof routes>>["flowsRoute"];
let flowRoute: Awaited<ReturnType<typeof routes>>["flowRoute"];
let publishRoute: Awaited<ReturnType<typeof routes>>["publishRoute"];
let unpublishRoute: Awaited<ReturnType<typeof routes>>["unpublishRoute"];
beforeAll(async () => {
  h = await startFlowHarness("flows_api_bot");
  api = apiClient();
  ({ flowsRoute, flowRoute, publishRoute, unpublishRoute } = await routes());
});
afterAll(async () => h?.close());

const params = (flowId: string) => ({ params: Promise.resolve({ flowId }) });

async function createFlow(name: string): Promise<string> {
  const res = await api.call(flowsRoute.POST, "/api/flows", "POST", "/api/flows", undefined, { botId: h.botId, name });
  expect(res.status).toBe(201);
  return (res.body.flow as { id: string }).id;
}

const put = (flowId: string, body: unknown) => api.call(flowRoute.PUT, "/api/flows/[flowId]", "PUT", `/api/flows/${flowId}`, params(flowId), body);
const publish = (flowId: string) => api.call(publishRoute.POST, "/api/flows/[flowId]/publish", "POST", `/api/flows/${flowId}/publish`, params(flowId));

async function stored(flowId: string) {
  const f = await db().flow.findUniqueOrThrow({ where: { id: flowId }, select: { draft: true, draftRevision: true, name: true, publishedVersionId: true } });
  const versions = await db().flowVersion.count({ where: { flowId } });
  const { flowsRevision } = await db().bot.findUniqueOrThrow({ where: { id: h.botId }, select: { flowsRevision: true } });
  return { ...f, versions, flowsRevision };
}

const menuFlow = () =>
  flow(
    [
      node("t1", "command", { command: "menu" }),
      node("menu", "send-menu", { text: "Pick", options: [{ id: "a", label: "Alpha" }, { id: "b", label: "Beta" }] }),
      node("ma", "send-message", { text: "Alpha!" }),
    ],
    [
      ["t1", "next", "menu"],
      ["menu", "opt-a", "ma"],
    ],
  );

describe("saving a draft (PUT /api/flows/:id)", () => {
  it("a node with a bad field: 400 naming the node and the field; nothing saved", async () => {
    const flowId = await createFlow("Bad node");
    expect((await put(flowId, { draft: commandReply("hello", "Hi"), baseRevision: 0 })).status).toBe(200);
    const before = await stored(flowId);

    const bad = commandReply("hello", "Hi");
    (bad.nodes[1]!.data as Record<string, unknown>).buttons = [[{ id: "b 1", kind: "callback", text: "Go" }]];
    const res = await put(flowId, { draft: bad, baseRevision: 1, name: "Renamed meanwhile" });
    expect(res.status).toBe(400);
    expect(res.body.error!.code).toBe("INVALID_INPUT");
    expect(res.body.error!.message).toMatch(/^node m1 \(Send message\), Row 1 button 1 id: /); // the form's words, not data.buttons[0][0].id
    expect(res.body.error!.details!.issues![0]).toMatchObject({ nodeId: "m1", path: "nodes[1].data.buttons[0][0].id" });
    // Not half-saved: neither the draft nor the name nor the revision moved.
    expect(await stored(flowId)).toEqual(before);
  });

  it("an edge to a node that does not exist, or from an output the node does not have: 400 naming the node", async () => {
    const flowId = await createFlow("Bad edges");
    const before = await stored(flowId);
    const missing = commandReply("x", "Hi");
    missing.edges.push({ id: "e9", source: "m1", sourceHandle: "next", target: "gone" });
    const a = await put(flowId, { draft: missing, baseRevision: 0 });
    expect(a.status).toBe(400);
    expect(a.body.error!.message).toContain("ends at node gone, which does not exist");
    expect(a.body.error!.details!.issues![0]!.nodeId).toBe("m1");

    const noOutput = commandReply("x", "Hi");
    noOutput.edges[0]!.sourceHandle = "yes";
    const b = await put(flowId, { draft: noOutput, baseRevision: 0 });
    expect(b.status).toBe(400);
    expect(b.body.error!.message).toContain("node t1 has no output “yes”");
    expect(b.body.error!.details!.issues![0]!.nodeId).toBe("t1");
    expect(await stored(flowId)).toEqual(before);
  });

  it("a body that is not a save request: 400 naming the field; not JSON: 400", async () => {
    const flowId = await createFlow("Bad body");
    const before = await stored(flowId);
    const noRevision = await put(flowId, { draft: commandReply("x", "Hi") });
    expect(noRevision.status).toBe(400);
    expect(noRevision.body.error!.message).toMatch(/^baseRevision/);
    expect((await put(flowId, "{not json")).status).toBe(400);
    expect((await put(flowId, { draft: { version: 2, nodes: [{ id: "n1", type: "warp" }], edges: [] }, baseRevision: 0 })).body.error!.details!.issues![0]!.nodeId).toBe("n1");
    expect(await stored(flowId)).toEqual(before);
  });

  it("a valid draft is saved with its revision and its problems (saving an unfinished flow is fine)", async () => {
    const flowId = await createFlow("Unfinished");
    const res = await put(flowId, { draft: menuFlow(), baseRevision: 0 });
    expect(res.status).toBe(200);
    expect(res.body.draftRevision).toBe(1);
    expect(res.body.issues).toContainEqual(expect.objectContaining({ nodeId: "menu", severity: "error", message: "“Beta” is not connected: pressing it would do nothing." }));
    const after = await stored(flowId);
    expect(after.draftRevision).toBe(1);
    expect((after.draft as { nodes: unknown[] }).nodes).toHaveLength(3);
  });

  it("a save based on an older revision: 409, and the newer draft stays", async () => {
    const flowId = await createFlow("Two tabs");
    expect((await put(flowId, { draft: commandReply("tab", "first tab"), baseRevision: 0 })).status).toBe(200);
    const before = await stored(flowId);
    const stale = await put(flowId, { draft: commandReply("tab", "second tab"), baseRevision: 0 });
    expect(stale.status).toBe(409);
    expect(stale.body.error!.code).toBe("CONFLICT");
    expect(await stored(flowId)).toEqual(before);
    expect(JSON.stringify(before.draft)).toContain("first tab");
  });

  it("a valid draft under a name another flow has: 409, and neither the draft nor the name is saved", async () => {
    await createFlow("Taken name");
    const flowId = await createFlow("Free name");
    const before = await stored(flowId);
    const res = await put(flowId, { draft: commandReply("renamed", "new draft"), baseRevision: 0, name: "Taken name" });
    expect(res.status).toBe(409);
    expect(res.body.error!.message).toContain("Taken name");
    expect(await stored(flowId)).toEqual(before);
  });

  it("an unknown flow: 404; no session: 401; a role that cannot edit flows: 403", async () => {
    expect((await put("no-such-flow", { draft: commandReply("x", "y"), baseRevision: 0 })).status).toBe(404);
    const flowId = await createFlow("Guarded");
    api.as(null);
    try {
      expect((await put(flowId, { draft: commandReply("x", "y"), baseRevision: 0 })).status).toBe(401);
      api.as("AGENT");
      expect((await put(flowId, { draft: commandReply("x", "y"), baseRevision: 0 })).status).toBe(403);
      expect((await publish(flowId)).status).toBe(403);
    } finally {
      api.as("ADMIN");
    }
    expect((await stored(flowId)).draftRevision).toBe(0);
  });
});

describe("publishing (POST /api/flows/:id/publish)", () => {
  it("a flow with problems is refused with every problem listed on its node; no version, the bot untouched", async () => {
    const flowId = await createFlow("Broken menu");
    const doc = menuFlow();
    doc.nodes.push(node("lost", "send-message", { text: "<b>never closed" }));
    expect((await put(flowId, { draft: doc, baseRevision: 0 })).status).toBe(200);
    const before = await stored(flowId);

    const res = await publish(flowId);
    expect(res.status).toBe(400);
    expect(res.body.error!.code).toBe("INVALID_INPUT");
    expect(res.body.error!.message).toMatch(/^The flow has 3 problems to fix before publishing: /);
    const issues = res.body.error!.details!.issues!.filter((i) => i.severity === "error");
    expect(issues.map((i) => i.nodeId).sort()).toEqual(["lost", "lost", "menu"]);
    expect(issues.find((i) => i.nodeId === "menu")!.message).toContain("“Beta” is not connected");
    expect(issues.filter((i) => i.nodeId === "lost").map((i) => i.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^invalid HTML/), expect.stringMatching(/^No trigger leads here/)]),
    );

    const after = await stored(flowId);
    expect(after).toEqual(before);
    expect(after.versions).toBe(0);
    expect(after.publishedVersionId).toBeNull();
  });

  it("a flow without a trigger is refused with a flow-level problem", async () => {
    const flowId = await createFlow("No trigger");
    expect((await put(flowId, { draft: flow([node("m1", "send-message", { text: "Hi" })]), baseRevision: 0 })).status).toBe(200);
    const res = await publish(flowId);
    expect(res.status).toBe(400);
    expect(res.body.error!.details!.issues).toContainEqual(expect.objectContaining({ nodeId: null, message: expect.stringContaining("no trigger") }));
    expect((await stored(flowId)).versions).toBe(0);
  });

  it("a command another published flow answers is refused, naming that flow; once it is unpublished, publishing works", async () => {
    const first = await createFlow("Help A");
    await put(first, { draft: commandReply("help", "A helps"), baseRevision: 0 });
    const ok = await publish(first);
    expect(ok.status).toBe(200);
    expect(ok.body.version).toBe(1);

    const second = await createFlow("Help B");
    await put(second, { draft: commandReply("help", "B helps"), baseRevision: 0 });
    const revisionBefore = (await stored(second)).flowsRevision;
    const refused = await publish(second);
    expect(refused.status).toBe(400);
    expect(refused.body.error!.details!.issues).toContainEqual(expect.objectContaining({ nodeId: "t1", message: "/help is already answered by the published flow “Help A”." }));
    expect(await stored(second)).toMatchObject({ versions: 0, publishedVersionId: null, flowsRevision: revisionBefore });

    const off = await api.call(unpublishRoute.POST, "/api/flows/[flowId]/unpublish", "POST", `/api/flows/${first}/unpublish`, params(first));
    expect(off.status).toBe(200);
    expect((await publish(second)).status).toBe(200);
  });

  it("a valid flow publishes a version and bumps the bot's flows revision once", async () => {
    const flowId = await createFlow("Good");
    await put(flowId, { draft: commandReply("good", "Good!"), baseRevision: 0 });
    const before = await stored(flowId);
    const res = await publish(flowId);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: 1, issues: [] });
    const after = await stored(flowId);
    expect(after.versions).toBe(1);
    expect(after.publishedVersionId).not.toBeNull();
    expect(after.flowsRevision).toBe(before.flowsRevision + 1);

    const get = await api.call(flowRoute.GET, "/api/flows/[flowId]", "GET", `/api/flows/${flowId}`, params(flowId));
    expect(get.status).toBe(200);
    expect(get.body.flow).toMatchObject({ status: "published", publishedVersion: 1, draftRevision: 1 });
  });
});
