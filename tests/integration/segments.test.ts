// Segments on real PostgreSQL: saving (validation naming the bad node, cycles refused,
// nothing half-saved), static snapshots, the Users table filtered by a segment, CSV export,
// the lifecycle-change job and the daily sizes.
import { beforeAll, describe, expect, it } from "vitest";
import { createBotRow, useTestDatabase } from "./helpers";
import { db } from "@/lib/db/client";
import { errorResponse, parseInput } from "@/lib/http/respond";
import { createSegment, updateSegment } from "@/lib/segments/save-segment";
import { deleteSegment } from "@/lib/segments/delete-segment";
import { evaluateSegment } from "@/lib/segments/evaluate-segment";
import { previewSegment } from "@/lib/segments/preview-segment";
import { recordLifecycleChanges } from "@/lib/segments/record-lifecycle-changes";
import { recordSegmentSizes } from "@/lib/segments/record-segment-sizes";
import { ZCreateSegment } from "@/lib/segments/schemas";
import { ZRules, type TRules } from "@/lib/segments/rules";
import { listUsers } from "@/lib/users/list-users";
import { exportUsersCsv } from "@/lib/users/export-users";
import { ZListUsers } from "@/lib/users/schemas";

useTestDatabase();

const DAY = 86_400_000;
let botId = "";
let techId = "";
const rules = (children: unknown[], op: "and" | "or" = "and"): TRules => ZRules.parse({ type: "group", op, children });

async function status(p: Promise<unknown>): Promise<{ status: number; message: string }> {
  try {
    await p;
    return { status: 200, message: "" };
  } catch (e) {
    const res = errorResponse(e);
    const body = (await res.json()) as { error: { message: string } };
    return { status: res.status, message: body.error.message };
  }
}

beforeAll(async () => {
  botId = (await createBotRow("5")).id;
  const other = await createBotRow("6");
  techId = (await db().tag.create({ data: { name: "Interest-Tech" } })).id;
  const now = Date.now();
  const people = [
    { name: "Ann", lastSeen: 1, clicks: 3, tech: true }, // active, tech, 3 clicks
    { name: "Ben", lastSeen: 12, clicks: 2, tech: true }, // dormant, tech, 2 clicks
    { name: "Cid", lastSeen: 2, clicks: 1, tech: true }, // active, tech, only 1 click
    { name: "Dee", lastSeen: 45, clicks: 2, tech: true }, // churned
    { name: "Eve", lastSeen: 1, clicks: 5, tech: false }, // no tag
  ];
  let tg = 100;
  for (const p of people) {
    const u = await db().telegramUser.create({
      data: { botId, telegramId: BigInt(++tg), firstName: p.name, firstSeenAt: new Date(now - 90 * DAY), lastSeenAt: new Date(now - p.lastSeen * DAY), languageCode: "en", attributes: { plan: p.name === "Ann" ? "pro" : "free" } },
    });
    if (p.tech) await db().userTag.create({ data: { telegramUserId: u.id, tagId: techId, appliedVia: "FLOW" } });
    for (let i = 0; i < p.clicks; i++) {
      await db().event.create({ data: { botId, telegramUserId: u.id, name: "button_click", occurredAt: new Date(now - (p.lastSeen + i) * DAY - 3600_000) } });
    }
  }
  // A user of another bot who would match everything: never counted for this bot.
  const stranger = await db().telegramUser.create({ data: { botId: other.id, telegramId: 999n, firstName: "Zed", lastSeenAt: new Date(now - DAY), firstSeenAt: new Date(now - 90 * DAY) } });
  await db().userTag.create({ data: { telegramUserId: stranger.id, tagId: techId, appliedVia: "FLOW" } });
});

/** The example: has tag Interest-Tech AND (active OR dormant) AND did button_click ≥ 2 in the last 30 days. */
const example = () =>
  rules([
    { type: "tag", op: "has", tagIds: [techId] },
    { type: "group", op: "or", children: [{ type: "lifecycle", stages: ["active"] }, { type: "lifecycle", stages: ["dormant"] }] },
    { type: "event", name: "button_click", count: { op: "at_least", n: 2 }, window: { kind: "last_days", days: 30 } },
  ]);

describe("segments", () => {
  it("counts the issue's example exactly, and the sample is the same set", async () => {
    const r = await evaluateSegment(example(), { botId, sample: 50 });
    expect(r.sample.map((u) => u.firstName).sort()).toEqual(["Ann", "Ben"]);
    expect(r.count).toBe(2);
  });

  it("refuses an invalid rule tree with a 400 naming the path of the bad node", async () => {
    const bad = {
      botId,
      name: "Broken",
      rules: { type: "group", op: "and", children: [{ type: "tag", op: "has", tagIds: [techId] }, { type: "group", op: "or", children: [{ type: "event", name: "x", window: { kind: "last_days", days: 0 } }] }] },
    };
    const r = await status(Promise.resolve().then(() => parseInput(ZCreateSegment, bad)));
    expect(r.status).toBe(400);
    expect(r.message).toBe("rules.children[1].children[0].window.days: at least 1 day");
    const unknownType = await status(Promise.resolve().then(() => parseInput(ZCreateSegment, { ...bad, rules: { type: "group", op: "and", children: [{ type: "tags" }] } })));
    expect(unknownType.status).toBe(400);
    expect(unknownType.message).toMatch(/^rules\.children\[0\]\.type: type must be one of/);
    expect(await db().segment.count()).toBe(0);
  });

  it("refuses a segment that references itself, directly or through another, and a missing one", async () => {
    const a = (await createSegment(ZCreateSegment.parse({ botId, name: "A", rules: example() }), null))!;
    const b = (await createSegment(ZCreateSegment.parse({ botId, name: "B", rules: rules([{ type: "segment", segmentId: a.id }]) }), null))!;
    const direct = await status(updateSegment(a.id, { rules: rules([{ type: "segment", segmentId: a.id }]) }));
    expect(direct.status).toBe(400);
    expect(direct.message).toBe('rules.children[0].segmentId: a segment cannot include itself ("A" → "A")');
    const indirect = await status(updateSegment(a.id, { rules: rules([{ type: "premium", value: true }, { type: "segment", segmentId: b.id }]) }));
    expect(indirect.status).toBe(400);
    expect(indirect.message).toBe('rules.children[1].segmentId: a segment cannot include itself ("A" → "B" → "A")');
    const missing = await status(createSegment(ZCreateSegment.parse({ botId, name: "C", rules: rules([{ type: "segment", segmentId: "nope" }]) }), null));
    expect(missing).toEqual({ status: 400, message: 'rules.children[0].segmentId: no segment with id "nope" for this bot' });
    // Nothing was half-saved: A's rules are unchanged, C does not exist.
    expect((await db().segment.findUniqueOrThrow({ where: { id: a.id } })).rules).toEqual(example());
    expect(await db().segment.count({ where: { name: "C" } })).toBe(0);
    // The preview of rules being edited for A refuses the cycle too.
    expect((await status(previewSegment({ botId, segmentId: a.id, sample: 0, rules: rules([{ type: "segment", segmentId: b.id }]) }))).status).toBe(400);
    // B counts through A.
    expect((await evaluateSegment(rules([{ type: "segment", segmentId: b.id }]), { botId })).count).toBe(2);
    // A is used by B: deleting it is refused with B's name.
    expect(await status(deleteSegment(a.id))).toEqual({ status: 409, message: 'This segment is used by "B". Remove it from their rules first.' });
    await deleteSegment(b.id);
    // A draft or scheduled campaign with A as its audience (by segment or in its own rules) keeps it;
    // a launched one froze its recipients and does not.
    const campaign = (name: string, status: "DRAFT" | "SCHEDULED" | "COMPLETED", audience: object) =>
      db().campaign.create({ data: { botId, name, status, audience, message: {}, rollout: {}, schedule: {}, tracking: {} } });
    const draft = await campaign("Welcome back", "DRAFT", { source: "segment", segmentId: a.id, rules: null, frequencyCapHours: 0 });
    const scheduled = await campaign("Sale", "SCHEDULED", { source: "rules", segmentId: null, rules: rules([{ type: "segment", segmentId: a.id, in: false }]), frequencyCapHours: 0 });
    const sent = await campaign("Done", "COMPLETED", { source: "segment", segmentId: a.id, rules: null, frequencyCapHours: 0 });
    expect(await status(deleteSegment(a.id))).toEqual({
      status: 409,
      message: 'This segment is the audience of the campaigns "Sale" (scheduled), "Welcome back" (draft). Choose another audience there first.',
    });
    await db().campaign.deleteMany({ where: { id: { in: [draft.id, scheduled.id] } } });
    await deleteSegment(a.id);
    await db().campaign.delete({ where: { id: sent.id } });
    expect(await db().segment.count()).toBe(0);
  });

  it("refuses a campaign condition naming a missing, another bot's or a draft campaign; nothing is saved", async () => {
    const other = await db().bot.findFirstOrThrow({ where: { id: { not: botId } } });
    const campaign = (b: string, name: string, status: "DRAFT" | "COMPLETED") =>
      db().campaign.create({ data: { botId: b, name, status, audience: {}, message: {}, rollout: {}, schedule: {}, tracking: {} } });
    const theirs = await campaign(other.id, "Theirs", "COMPLETED");
    const draft = await campaign(botId, "Draft", "DRAFT");
    const sent = await campaign(botId, "Spring sale", "COMPLETED");
    const ann = await db().telegramUser.findFirstOrThrow({ where: { firstName: "Ann" } });
    await db().campaignRecipient.create({ data: { campaignId: sent.id, telegramUserId: ann.id, chatId: ann.telegramId, stage: 1, state: "SENT", token: "seg-test-ann" } });
    const save = (name: string, campaignId: string) =>
      status(createSegment(ZCreateSegment.parse({ botId, name, rules: rules([{ type: "premium", value: false }, { type: "campaign", campaignId, interaction: "clicked" }]) }), null));
    expect(await save("Missing", "nope")).toEqual({ status: 400, message: 'rules.children[1].campaignId: no campaign with id "nope" for this bot' });
    expect(await save("Theirs", theirs.id)).toEqual({ status: 400, message: `rules.children[1].campaignId: no campaign with id "${theirs.id}" for this bot` });
    expect(await save("Draft", draft.id)).toEqual({ status: 400, message: 'rules.children[1].campaignId: the campaign "Draft" has not been launched yet' });
    expect(await db().segment.count({ where: { name: { in: ["Missing", "Theirs", "Draft"] } } })).toBe(0);
    // The preview refuses it the same way; a launched campaign of the bot is accepted.
    expect((await status(previewSegment({ botId, sample: 0, rules: rules([{ type: "campaign", campaignId: "nope", interaction: "received" }]) }))).status).toBe(400);
    const received = rules([{ type: "campaign", campaignId: sent.id, interaction: "received" }]);
    expect((await evaluateSegment(received, { botId, sample: 5 })).sample.map((u) => u.firstName)).toEqual(["Ann"]);
    // The schema names an empty choice and an unknown interaction.
    const invalid = (node: unknown) => status(Promise.resolve().then(() => parseInput(ZCreateSegment, { botId, name: "Bad", rules: { type: "group", op: "and", children: [node] } })));
    expect(await invalid({ type: "campaign", campaignId: "", interaction: "clicked" })).toEqual({ status: 400, message: "rules.children[0].campaignId: choose a campaign" });
    expect(await invalid({ type: "campaign", campaignId: sent.id, interaction: "opened" })).toEqual({
      status: 400,
      message: "rules.children[0].interaction: interaction must be one of: received, clicked, not_clicked",
    });
    await db().campaign.deleteMany({ where: { id: { in: [theirs.id, draft.id, sent.id] } } });
  });

  it("refuses a second segment with the same name for the bot", async () => {
    await createSegment(ZCreateSegment.parse({ botId, name: "Dup", rules: rules([]) }), null);
    const again = await status(createSegment(ZCreateSegment.parse({ botId, name: "Dup", rules: rules([]) }), null));
    expect(again.status).toBe(409);
    expect(await db().segment.count({ where: { name: "Dup" } })).toBe(1);
  });

  it("freezes a static snapshot that does not move when users change, until frozen again", async () => {
    const s = (await createSegment(ZCreateSegment.parse({ botId, name: "Tech snapshot", kind: "STATIC", rules: rules([{ type: "tag", op: "has", tagIds: [techId] }]) }), null))!;
    expect(s.lastCount).toBe(4);
    const eve = await db().telegramUser.findFirstOrThrow({ where: { firstName: "Eve" } });
    await db().userTag.create({ data: { telegramUserId: eve.id, tagId: techId, appliedVia: "AGENT" } });
    const inSnapshot = rules([{ type: "segment", segmentId: s.id }]);
    expect((await evaluateSegment(inSnapshot, { botId })).count).toBe(4);
    await updateSegment(s.id, { refreeze: true });
    expect((await evaluateSegment(inSnapshot, { botId })).count).toBe(5);
    await db().userTag.delete({ where: { telegramUserId_tagId: { telegramUserId: eve.id, tagId: techId } } });
    expect(await db().segmentSize.count({ where: { segmentId: s.id } })).toBe(1);
  });

  it("filters the Users table by a segment and exports it as CSV", async () => {
    const s = (await createSegment(ZCreateSegment.parse({ botId, name: "Example", rules: example() }), null))!;
    const list = await listUsers(ZListUsers.parse({ segment: s.id, sort: "firstName", dir: "asc" }));
    expect(list.total).toBe(2);
    expect(list.rows.map((r) => r.name)).toEqual(["Ann", "Ben"]);
    expect((await listUsers(ZListUsers.parse({ segment: s.id, q: "ann" }))).rows.map((r) => r.name)).toEqual(["Ann"]);
    let csv = "";
    for await (const chunk of exportUsersCsv(ZListUsers.parse({ segment: s.id }))) csv += chunk;
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toMatch(/^id,telegram_id,bot,first_name,/);
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).map((l) => l.split(",")[3]).sort()).toEqual(["Ann", "Ben"]);
    expect(csv).toContain("Interest-Tech");
  });

  it("records lifecycle stage changes with their date, once", async () => {
    const first = await recordLifecycleChanges();
    expect(first).toBeGreaterThanOrEqual(5);
    expect(await recordLifecycleChanges()).toBe(0);
    const ann = await db().telegramUser.findFirstOrThrow({ where: { firstName: "Ann" } });
    expect(ann.lifecycleStage).toBe("active");
    // Time passes: 20 days later Ann is dormant; the change is recorded.
    expect(await recordLifecycleChanges(new Date(Date.now() + 20 * DAY))).toBeGreaterThan(0);
    const changes = await db().lifecycleChange.findMany({ where: { telegramUserId: ann.id }, orderBy: { id: "asc" } });
    expect(changes.map((c) => [c.fromStage, c.toStage])).toEqual([[null, "active"], ["active", "dormant"]]);
  });

  it("records each segment's size once a day", async () => {
    const recorded = await recordSegmentSizes();
    expect(recorded).toBe(await db().segment.count());
    await recordSegmentSizes();
    const example = await db().segment.findFirstOrThrow({ where: { name: "Example" }, include: { sizes: true } });
    expect(example.sizes).toHaveLength(1);
    expect(example.sizes[0]!.size).toBe(2);
  });

  it("keeps per-user event stats exact through bulk, out-of-order inserts and deletes (more than 16 events)", async () => {
    const user = await db().telegramUser.create({ data: { botId, telegramId: 4242n, firstName: "Stats", firstSeenAt: new Date(Date.now() - 90 * DAY) } });
    const now = Date.now();
    // 40 events, one per hour (on the half hour) over the last 40 hours, inserted in three shuffled batches.
    const times = Array.from({ length: 40 }, (_, i) => new Date(now - (i + 0.5) * 3600_000));
    const shuffled = [...times].sort((a, b) => ((a.getTime() * 7919) % 97) - ((b.getTime() * 7919) % 97));
    for (const part of [shuffled.slice(0, 5), shuffled.slice(5, 30), shuffled.slice(30)]) {
      await db().event.createMany({ data: part.map((occurredAt) => ({ botId, telegramUserId: user.id, name: "tap", occurredAt })) });
    }
    const expectStats = async () => {
      const events = (await db().event.findMany({ where: { telegramUserId: user.id, name: "tap" }, select: { occurredAt: true } })).map((e) => e.occurredAt.getTime()).sort((a, b) => b - a);
      const stat = await db().userEventStat.findUnique({ where: { telegramUserId_name: { telegramUserId: user.id, name: "tap" } } });
      if (events.length === 0) return expect(stat).toBeNull();
      expect(stat).toMatchObject({ count: events.length, firstAt: new Date(events.at(-1)!), lastAt: new Date(events[0]!) });
      expect(stat!.recent.map((d) => d.getTime())).toEqual(events.slice(0, 16));
    };
    await expectStats();
    // "At least n times in the last day": 24 events are inside. n <= 16 comes from the stats, n = 17 on from Event.
    const atLeast = (n: number) => rules([{ type: "event", name: "tap", count: { op: "at_least", n }, window: { kind: "last_days", days: 1 } }, { type: "attribute", key: "x", valueType: "text", op: "not_exists" }]);
    const matches = async (n: number) => (await evaluateSegment(atLeast(n), { botId, sample: 50 })).sample.some((u) => u.id === user.id);
    expect(await matches(16)).toBe(true);
    expect(await matches(17)).toBe(true);
    expect(await matches(24)).toBe(true);
    expect(await matches(25)).toBe(false);
    // Deleting the newest 30 leaves 10 old ones; the stats follow.
    await db().event.deleteMany({ where: { telegramUserId: user.id, name: "tap", occurredAt: { gt: times[30]! } } });
    await expectStats();
    expect(await matches(1)).toBe(false);
    await db().event.deleteMany({ where: { telegramUserId: user.id } });
    await expectStats();
    await db().telegramUser.delete({ where: { id: user.id } });
  });
});
