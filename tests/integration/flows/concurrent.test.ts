// Many users in a flow at the same moment, as the worker answers the chats of a job batch:
// their statements are shared (lib/db/batched.ts). Each user's effects must still be their
// own, exactly once: tags and their events, attributes, recorded replies with their inbox
// events and conversation rows, node visits, and the run of a user who waits.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { flow, node } from "@/tests/support/flow-document";
import { botApi } from "@/lib/telegram/bot-runtime";
import { makeContext } from "@/lib/flows/runtime/engine";
import { changeTag, setAttribute } from "@/lib/flows/runtime/effects";
import { loadPublishedVersion, loadUserByTelegramId } from "@/lib/flows/runtime/load";
import { useTestDatabase } from "../helpers";
import { newUser, press, publish, start, startFlowHarness, texts, userRow, type TFlowHarness } from "./harness";
import type { TgUser } from "@/lib/emulator/types";
import { optionOutput } from "@/lib/flows/nodes/send-menu/definition";

useTestDatabase();

let h: TFlowHarness;
let flowId = "";
let users: TgUser[] = [];
const N = 40;

beforeAll(async () => {
  h = await startFlowHarness("flows_concurrent_bot", { limits: { enabled: false } });
  const f = await publish(
    h,
    "Concurrent",
    flow(
      [
        node("t1", "command", { command: "start" }),
        node("a1", "add-tag", { tag: "Crowd" }),
        node("a2", "add-tag", { tag: "crowd" }),
        node("s1", "set-attribute", { key: "plan", value: "trial" }),
        node("s2", "set-attribute", { key: "seen", value: "yes" }),
        node("m1", "send-message", { text: "Hi {first_name}, plan {attr.plan}" }),
        node("menu", "send-menu", { text: "Pick one", options: [{ id: "o1", label: "One" }] }),
        node("done", "send-message", { text: "Done" }),
      ],
      [
        ["t1", "next", "a1"],
        ["a1", "next", "a2"],
        ["a2", "next", "s1"],
        ["s1", "next", "s2"],
        ["s2", "next", "m1"],
        ["m1", "next", "menu"],
        ["menu", optionOutput("o1"), "done"],
      ],
    ),
  );
  flowId = f.id;
  users = [];
  for (let i = 0; i < N; i++) users.push(await newUser(h, "Crowd"));
});
afterAll(async () => h?.close());

describe("many users in a flow at once", () => {
  it("each user's tags, attributes, replies, inbox events and visits are written once, as for one user", async () => {
    await Promise.all(users.map((u) => start(h, u)));
    await Promise.all(users.map((u) => press(h, u, "One")));

    for (const u of users) {
      const row = await userRow(h, u);
      expect(row.tags.map((t) => t.tag.name)).toEqual(["Crowd"]);
      expect(row.tags[0]).toMatchObject({ appliedVia: "FLOW", appliedByRef: "Concurrent" });
      expect(row.attributes).toMatchObject({ plan: "trial", seen: "yes" });
      expect(await texts(h, u)).toEqual([`Hi ${u.first_name}, plan trial`, "Pick one", "Done"]);
    }
    const ids = (await db().telegramUser.findMany({ where: { botId: h.botId }, select: { id: true } })).map((u) => u.id);
    expect(ids).toHaveLength(N);
    // "crowd" is the same tag in another case: one tag, one tag_added event a user.
    expect(await db().tag.count({ where: { name: { in: ["Crowd", "crowd"] } } })).toBe(1);
    expect(await db().event.count({ where: { telegramUserId: { in: ids }, name: "tag_added" } })).toBe(N);
    expect(await db().inboxEvent.count({ where: { kind: "tags.changed" } })).toBe(N);

    // Every reply recorded in its own conversation, with its message.created event, and the
    // conversation's list columns showing its latest reply.
    const conversations = await db().conversation.findMany({
      where: { botId: h.botId },
      select: { id: true, lastMessagePreview: true, lastMessageDirection: true, messages: { where: { direction: "OUT" }, orderBy: { createdAt: "asc" }, select: { id: true, text: true, deliveryState: true } } },
    });
    expect(conversations).toHaveLength(N);
    for (const c of conversations) {
      expect(c.messages.map((m) => m.text)).toEqual([expect.stringMatching(/^Hi Crowd\d+, plan trial$/), "Pick one", "Done"]);
      expect(c.messages.every((m) => m.deliveryState === "SENT")).toBe(true);
      expect(c).toMatchObject({ lastMessagePreview: "Done", lastMessageDirection: "OUT" });
    }
    const created = await db().inboxEvent.findMany({ where: { kind: "message.created" }, select: { conversationId: true, payload: true } });
    const out = created.filter((e) => (e.payload as { message: { direction: string } }).message.direction === "out");
    expect(out).toHaveLength(3 * N);
    for (const e of out) {
      const m = (e.payload as { message: { id: string; conversationId: string } }).message;
      expect(m.conversationId).toBe(e.conversationId);
      const c = conversations.find((x) => x.id === e.conversationId)!;
      expect(c.messages.map((x) => x.id)).toContain(m.id);
    }

    // Visits: 7 nodes on /start and 1 on the click, a user each.
    const visits = await db().flowNodeVisit.groupBy({ by: ["nodeId"], where: { flowId }, _count: { _all: true } });
    expect(Object.fromEntries(visits.map((v) => [v.nodeId, v._count._all]))).toEqual({ t1: N, a1: N, a2: N, s1: N, s2: N, m1: N, menu: N, done: N });
  });

  it("the same user and tag at the same moment: changed once, one event", async () => {
    const [version, api] = await Promise.all([loadPublishedVersion(h.botId, flowId), botApi(h.botId)]);
    const [a, b] = users;
    const ctxOf = async (u: TgUser) => makeContext(h.botId, u.id, (await loadUserByTelegramId(h.botId, u.id))!, version!, api!);
    const [ca, ca2, cb] = await Promise.all([ctxOf(a!), ctxOf(a!), ctxOf(b!)]);
    const changed = await Promise.all([changeTag(ca, "Twice", "add"), changeTag(ca2, "Twice", "add"), changeTag(cb, "Twice", "add")]);
    expect(changed.slice(0, 2).sort()).toEqual([false, true]);
    expect(changed[2]).toBe(true);
    const twice = await db().tag.findMany({ where: { name: "Twice" }, select: { id: true } });
    expect(twice).toHaveLength(1);
    const idA = (await userRow(h, a!)).id;
    expect(await db().event.count({ where: { telegramUserId: idA, name: "tag_added", properties: { path: ["tag"], equals: "Twice" } } })).toBe(1);

    // A tag that exists: the three calls share one moment, the same user's second waits for
    // the next statement, and each call gets its own answer.
    await db().tag.create({ data: { name: "Known" } });
    const known = await Promise.all([changeTag(ca, "Known", "add"), changeTag(ca2, "Known", "add"), changeTag(cb, "Known", "add")]);
    expect(known[0]).toBe(true);
    expect(known[1]).toBe(false);
    expect(known[2]).toBe(true);

    // Removing at once: one removal, one tag_removed event.
    const removed = await Promise.all([changeTag(ca, "twice", "remove"), changeTag(ca2, "Twice", "remove")]);
    expect(removed.sort()).toEqual([false, true]);
    expect(await db().event.count({ where: { telegramUserId: idA, name: "tag_removed" } })).toBe(1);

    // One user's attribute writes at the same moment: every key is kept.
    await Promise.all([setAttribute(ca, "k1", 1), setAttribute(ca2, "k2", true), setAttribute(cb, "k1", "b")]);
    expect((await userRow(h, a!)).attributes).toMatchObject({ k1: 1, k2: true });
    expect((await userRow(h, b!)).attributes).toMatchObject({ k1: "b" });
  });
});
