// Integration nodes against the emulator and a local HTTP server: http-request (templated
// URL, headers and JSON body; response fields into attributes; non-2xx, bad JSON and
// timeouts take the error output), handoff (the conversation opens for a person in the
// inbox), go-to-flow (continues in another published flow).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { createFlow } from "@/lib/flows/create-flow";
import { saveDraft } from "@/lib/flows/save-draft";
import { publishFlow } from "@/lib/flows/publish-flow";
import { unpublishFlow } from "@/lib/flows/unpublish-flow";
import { flow, node, commandReply } from "@/tests/support/flow-document";
import { useTestDatabase } from "../helpers";
import { newUser, publish, runsOf, send, start, startFlowHarness, texts, userRow, waitingRun, type TFlowHarness } from "./harness";

useTestDatabase();

type TReceived = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };

let h: TFlowHarness;
let server: http.Server;
let base = "";
const received: TReceived[] = [];

beforeAll(async () => {
  h = await startFlowHarness("flows_integrations_bot", { limits: { enabled: false } });
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const path = new URL(req.url!, "http://x").pathname;
      if (path.startsWith("/fail")) return void res.writeHead(500, { "content-type": "application/json" }).end('{"error":"boom"}');
      if (path.startsWith("/slow")) return void setTimeout(() => res.writeHead(200).end("{}"), 3000).unref();
      if (path.startsWith("/not-json")) return void res.writeHead(200, { "content-type": "text/html" }).end("<html>");
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ data: { id: 9001, tier: "gold", items: [{ sku: "A-1" }], meta: { since: 2020 } }, ok: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await h?.close();
});

const request = (command: string, data: Record<string, unknown>) =>
  flow(
    [
      node("t1", "command", { command }),
      node("req", "http-request", data),
      node("ok", "send-message", { text: "ok: {attr.crm_id|-} {attr.crm_tier|-}" }),
      node("err", "send-message", { text: "the request failed" }),
    ],
    [
      ["t1", "next", "req"],
      ["req", "next", "ok"],
      ["req", "error", "err"],
    ],
  );

describe("http-request", () => {
  beforeAll(async () => {
    await publish(
      h,
      "CRM sync",
      request("sync", {
        method: "POST",
        url: `${base}/users/{telegram_id}?name={first_name}&city={attr.city|unknown}`,
        headers: [{ name: "X-Api-Key", value: "key-{telegram_id}" }],
        body: '{"id": "{telegram_id}", "name": "{first_name}", "city": "{attr.city|unknown}", "static": 1}',
        save: [
          { path: "data.id", attribute: "crm_id" },
          { path: "data.tier", attribute: "crm_tier" },
          { path: "data.items.0.sku", attribute: "first_sku" },
          { path: "data.meta", attribute: "crm_meta" },
          { path: "data.missing", attribute: "crm_missing" },
        ],
      }),
    );
    await publish(h, "Failing", request("fail", { url: `${base}/fail`, body: "" }));
    await publish(h, "Slow", request("slow", { method: "GET", url: `${base}/slow`, body: "", timeoutMs: 500 }));
    await publish(h, "Not JSON", request("notjson", { method: "GET", url: `${base}/not-json`, body: "", save: [{ path: "a", attribute: "a" }] }));
    await publish(h, "Nowhere", request("nowhere", { method: "GET", url: "http://127.0.0.1:9/", body: "" }));
  });

  it("sends the templated URL (encoded), headers and JSON body (escaped), and stores response fields in attributes", async () => {
    const user = await h.control.createUser({ first_name: 'Zoë "Z" & co', username: `zoe_${Date.now() % 100000}` });
    await start(h, user);
    const before = received.length;
    await send(h, user, "/sync");
    expect(received.length).toBe(before + 1);
    const req = received.at(-1)!;
    expect(req.method).toBe("POST");
    expect(req.url).toBe(`/users/${user.id}?name=${encodeURIComponent(user.first_name)}&city=unknown`);
    expect(req.headers["x-api-key"]).toBe(`key-${user.id}`);
    expect(req.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(req.body)).toEqual({ id: String(user.id), name: 'Zoë "Z" & co', city: "unknown", static: 1 });

    expect((await userRow(h, user)).attributes).toEqual({ crm_id: 9001, crm_tier: "gold", first_sku: "A-1", crm_meta: '{"since":2020}', crm_missing: null });
    expect((await texts(h, user)).at(-1)).toBe("ok: 9001 gold");
  });

  it("uses the user's attributes in the request", async () => {
    const user = await newUser(h, "Attr");
    await start(h, user);
    await db().telegramUser.update({ where: { id: (await userRow(h, user)).id }, data: { attributes: { city: "São Paulo" } } });
    await send(h, user, "/sync");
    const req = received.at(-1)!;
    expect(req.url).toContain(`city=${encodeURIComponent("São Paulo")}`);
    expect(JSON.parse(req.body).city).toBe("São Paulo");
  });

  it("a non-2xx answer takes the error output", async () => {
    const user = await newUser(h, "Err");
    await start(h, user);
    await send(h, user, "/fail");
    expect(received.at(-1)!.url).toBe("/fail");
    expect((await texts(h, user)).at(-1)).toBe("the request failed");
  });

  it("a timeout takes the error output (and does not hold the user)", async () => {
    const user = await newUser(h, "Slow");
    await start(h, user);
    const t0 = Date.now();
    await send(h, user, "/slow");
    const took = Date.now() - t0;
    expect((await texts(h, user)).at(-1)).toBe("the request failed");
    expect(took).toBeGreaterThanOrEqual(450);
    expect(took).toBeLessThan(2500);
  });

  it("a response that is not JSON (when fields are to be saved) and an unreachable server take the error output", async () => {
    const user = await newUser(h, "Bad");
    await start(h, user);
    await send(h, user, "/notjson");
    expect((await texts(h, user)).at(-1)).toBe("the request failed");
    await send(h, user, "/nowhere");
    expect((await texts(h, user)).at(-1)).toBe("the request failed");
  });
});

describe("handoff", () => {
  it("opens the conversation for a person (handoffAt, an inbox event naming the flow) and tells the user", async () => {
    await publish(
      h,
      "Support",
      flow(
        [node("t1", "command", { command: "human" }), node("ho", "handoff", { text: "Hold on, {first_name}: a person will answer." }), node("m", "send-message", { text: "after the hand-off" })],
        [
          ["t1", "next", "ho"],
          ["ho", "next", "m"],
        ],
      ),
    );
    const user = await newUser(h, "Help");
    await start(h, user);
    const chatId = BigInt(user.id);
    expect((await db().conversation.findUniqueOrThrow({ where: { botId_chatId: { botId: h.botId, chatId } } })).handoffAt).toBeNull();
    await send(h, user, "/human");
    const conversation = await db().conversation.findUniqueOrThrow({ where: { botId_chatId: { botId: h.botId, chatId } } });
    expect(conversation.handoffAt).not.toBeNull();
    expect(conversation.status).toBe("OPEN");
    const inbox = await db().inboxEvent.findMany({ where: { conversationId: conversation.id, kind: "conversation.updated" }, select: { payload: true } });
    expect(inbox.map((e) => e.payload)).toContainEqual({ reason: "handoff", via: "flow “Support”" });
    expect((await texts(h, user)).slice(-2)).toEqual([`Hold on, ${user.first_name}: a person will answer.`, "after the hand-off"]);
  });
});

describe("go-to-flow", () => {
  let targetId = "";
  beforeAll(async () => {
    const target = await publish(
      h,
      "Onboarding",
      flow(
        [
          node("t1", "command", { command: "onboard" }),
          node("m", "send-message", { text: "onboarding starts" }),
          node("q", "ask-question", { text: "Your city?", attribute: "city", validate: "text" }),
          node("done", "send-message", { text: "welcome from {attr.city}" }),
        ],
        [
          ["t1", "next", "m"],
          ["m", "next", "q"],
          ["q", "next", "done"],
        ],
      ),
    );
    targetId = target.id;
    await publish(
      h,
      "Entry",
      flow(
        [node("t1", "command", { command: "entry" }), node("m", "send-message", { text: "entry flow" }), node("go", "go-to-flow", { flowId: targetId })],
        [
          ["t1", "next", "m"],
          ["m", "next", "go"],
        ],
      ),
    );
  });

  it("continues in the other flow from its trigger; a wait there belongs to that flow", async () => {
    const user = await newUser(h, "Go");
    await start(h, user);
    await send(h, user, "/entry");
    expect((await texts(h, user)).slice(-3)).toEqual(["entry flow", "onboarding starts", "Your city?"]);
    const run = await waitingRun(h, user);
    expect(run.flowId).toBe(targetId);
    await send(h, user, "Lisbon");
    expect((await texts(h, user)).at(-1)).toBe("welcome from Lisbon");
    expect((await runsOf(h, user)).map((r) => r.status)).toEqual(["DONE"]);
  });

  it("a flow that goes to an unpublished flow cannot be published; a flow others go to cannot be unpublished", async () => {
    const draftOnly = await createFlow({ botId: h.botId, name: "Draft only", template: "blank" }, null);
    await saveDraft(draftOnly!.id, { draft: commandReply("draftonly", "x"), baseRevision: 0 });
    const referrer = await createFlow({ botId: h.botId, name: "Goes to draft", template: "blank" }, null);
    await saveDraft(referrer!.id, { draft: flow([node("t1", "command", { command: "todraft" }), node("go", "go-to-flow", { flowId: draftOnly!.id })], [["t1", "next", "go"]]), baseRevision: 0 });
    await expect(publishFlow(referrer!.id, null)).rejects.toMatchObject({ code: "INVALID_INPUT", details: { issues: [expect.objectContaining({ nodeId: "go", message: "the flow “Draft only” is not published" })] } });

    const refused = await unpublishFlow(targetId).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe("CONFLICT");
    expect((refused as AppError).message).toContain("“Entry”");
  });

  it("flows that go to each other without waiting stop after a bounded number of steps", async () => {
    const a = await publish(h, "Loop A", commandReply("loopa", "loop A"));
    const b = await publish(h, "Loop B", flow([node("t1", "command", { command: "loopb" }), node("m", "send-message", { text: "loop B" }), node("go", "go-to-flow", { flowId: a.id })], [["t1", "next", "m"], ["m", "next", "go"]]));
    const { draftRevision } = await db().flow.findUniqueOrThrow({ where: { id: a.id }, select: { draftRevision: true } });
    await saveDraft(a.id, { draft: flow([node("t1", "command", { command: "loopa" }), node("m", "send-message", { text: "loop A" }), node("go", "go-to-flow", { flowId: b.id })], [["t1", "next", "m"], ["m", "next", "go"]]), baseRevision: draftRevision });
    await publishFlow(a.id, null);

    const user = await newUser(h, "Loop");
    await start(h, user);
    await send(h, user, "/loopa");
    const sent = (await texts(h, user)).filter((t) => t.startsWith("loop "));
    // 100 steps at most per move: three nodes a flow, so about 33 messages, then it stops.
    expect(sent.length).toBeGreaterThan(10);
    expect(sent.length).toBeLessThanOrEqual(34);
    expect(await runsOf(h, user)).toEqual([]);
  });
});
