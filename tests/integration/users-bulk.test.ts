// Users table queries and bulk tagging on a real PostgreSQL: full-name search, Name sort,
// page clamping, tagging all users matching the filters, undo of exactly those changed,
// removing only existing tags; and a bot already connected is not added twice.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { useTestDatabase, createBotRow } from "./helpers";
import { db } from "@/lib/db/client";
import { listUsers } from "@/lib/users/list-users";
import { bulkTagUsers } from "@/lib/users/bulk-tag-users";
import { ZBulkTagUsers, ZListUsers } from "@/lib/users/schemas";
import { getUserProfile } from "@/lib/users/get-user-profile";
import { addBot } from "@/lib/bots/add-bot";
import { startEmulator, type RunningEmulator } from "@/lib/emulator/server";
import { EmulatorControl } from "@/lib/emulator/client";

useTestDatabase();

const staff = { id: "", name: "Ann Agent" };
const list = (q: Record<string, unknown>) => listUsers(ZListUsers.parse(q));
const names = (r: Awaited<ReturnType<typeof listUsers>>) => r.rows.map((x) => x.name);
const tagged = async (tag: string) =>
  (await db().userTag.findMany({ where: { tag: { name: tag } }, select: { user: { select: { firstName: true, lastName: true } } } }))
    .map((t) => `${t.user.firstName} ${t.user.lastName ?? ""}`.trim()).sort();

describe("Users list and bulk tagging", () => {
  beforeAll(async () => {
    const bot = await createBotRow("5");
    const s = await db().staffUser.create({ data: { email: "ann@bulk.test", name: "Ann Agent", role: "AGENT", passwordHash: "x" } });
    staff.id = s.id;
    const people: [string, string | null, string | null][] = [
      ["James", "Clark", "jc"], ["James", "Adams", null], ["James", null, "james_only"], ["Anna", "Clark", "annac"], ["Zoe", "Brown", "zb"],
    ];
    let id = 100n;
    for (const [firstName, lastName, username] of people) {
      await db().telegramUser.create({ data: { botId: bot.id, telegramId: id++, firstName, lastName, username, source: firstName === "James" ? "src_james" : null } });
    }
  });

  it("finds a user by full name, first or last name, and username", async () => {
    expect(names(await list({ q: "James Clark" }))).toEqual(["James Clark"]);
    expect(names(await list({ q: "james cl" }))).toEqual(["James Clark"]);
    expect(names(await list({ q: "Clark", sort: "firstName", dir: "asc" }))).toEqual(["Anna Clark", "James Clark"]);
    expect(names(await list({ q: "@james_only" }))).toEqual(["James"]);
    expect((await list({ q: "James" })).total).toBe(3);
    // Wildcards typed are literal (parameterised, escaped).
    expect((await list({ q: "J%s" })).total).toBe(0);
  });

  it("sorts by Name as first name, then last name", async () => {
    expect(names(await list({ sort: "firstName", dir: "asc" }))).toEqual(["Anna Clark", "James", "James Adams", "James Clark", "Zoe Brown"]);
    expect(names(await list({ sort: "firstName", dir: "desc" }))).toEqual(["Zoe Brown", "James Clark", "James Adams", "James", "Anna Clark"]);
  });

  it("shows the last page for a page past the end", async () => {
    const r = await list({ sort: "firstName", dir: "asc", page: 999, pageSize: 10 });
    expect(r.page).toBe(1);
    expect(r.rows).toHaveLength(5);
    const none = await list({ q: "nobody-at-all", page: 5 });
    expect(none).toMatchObject({ page: 1, total: 0, rows: [] });
  });

  it("adds a tag to every user matching the filters, then undoes exactly those it changed", async () => {
    const anna = await db().telegramUser.findFirstOrThrow({ where: { firstName: "Anna" } });
    await bulkTagUsers(staff, ZBulkTagUsers.parse({ userIds: [anna.id], action: "add", tag: { name: "clark family" } }));
    const jamesClark = await db().telegramUser.findFirstOrThrow({ where: { firstName: "James", lastName: "Clark" } });
    await bulkTagUsers(staff, ZBulkTagUsers.parse({ userIds: [jamesClark.id], action: "add", tag: { name: "clark family" } }));

    // "All matching" the filter q=Clark: James Clark already has it, Anna too — nobody changes.
    const none = await bulkTagUsers(staff, ZBulkTagUsers.parse({ filter: { q: "Clark" }, action: "add", tag: { name: "clark family" } }));
    expect(none).toMatchObject({ changed: 0, unchanged: 2, changedIds: [] });

    const r = await bulkTagUsers(staff, ZBulkTagUsers.parse({ filter: { source: "src_james" }, action: "add", tag: { name: "clark family" } }));
    expect(r).toMatchObject({ changed: 2, unchanged: 1 });
    expect(await tagged("clark family")).toEqual(["Anna Clark", "James", "James Adams", "James Clark"]);
    const profile = await getUserProfile(r.changedIds[0]!);
    expect(profile.tags).toEqual([expect.objectContaining({ name: "clark family", via: "AGENT", by: "Ann Agent" })]);
    expect(profile.events[0]).toMatchObject({ name: "tag_added", properties: { tag: "clark family", via: "agent", by: "Ann Agent" } });
    // Stamped now, in UTC like Prisma's own writes.
    expect(Math.abs(new Date(profile.events[0]!.occurredAt).getTime() - Date.now())).toBeLessThan(60_000);

    // Undo: removes it from the two it was added to, not from James Clark who had it before.
    const undo = await bulkTagUsers(staff, ZBulkTagUsers.parse({ userIds: r.changedIds, action: "remove", tag: { tagId: r.tag.id } }));
    expect(undo.changed).toBe(2);
    expect(await tagged("clark family")).toEqual(["Anna Clark", "James Clark"]);

    // Removing by filter, then undoing re-adds to those two only.
    const removed = await bulkTagUsers(staff, ZBulkTagUsers.parse({ filter: {}, action: "remove", tag: { tagId: r.tag.id } }));
    expect(removed).toMatchObject({ changed: 2, unchanged: 3 });
    expect(await tagged("clark family")).toEqual([]);
    await bulkTagUsers(staff, ZBulkTagUsers.parse({ userIds: removed.changedIds, action: "add", tag: { tagId: r.tag.id } }));
    expect(await tagged("clark family")).toEqual(["Anna Clark", "James Clark"]);
  });

  it("removes only an existing tag, and says so in plain words otherwise", async () => {
    const before = await db().tag.count();
    await expect(bulkTagUsers(staff, ZBulkTagUsers.parse({ filter: {}, action: "remove", tag: { name: "nonexistent-zz" } })))
      .rejects.toMatchObject({ code: "INVALID_INPUT", message: "There is no tag named “nonexistent-zz”, so there is nothing to remove." });
    expect(await db().tag.count()).toBe(before);
  });

  it("takes either the selected users or the filters, not both or neither", () => {
    expect(ZBulkTagUsers.safeParse({ action: "add", tag: { name: "a" } }).success).toBe(false);
    expect(ZBulkTagUsers.safeParse({ action: "add", tag: { name: "a" }, userIds: ["x"], filter: {} }).success).toBe(false);
    expect(ZBulkTagUsers.safeParse({ action: "add", tag: { name: "a" }, filter: { q: "x" } }).success).toBe(true);
  });
});

describe("Adding a bot", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it("refuses a bot that is already connected, without a duplicate; a new token updates it", async () => {
    const control = new EmulatorControl(emulator.url);
    const emu = await control.createBot({ username: "dup_test_bot", first_name: "Second Bot" });
    const first = await addBot({ token: emu.token, apiRoot: emulator.url, updateMode: "POLLING" });
    expect(first.tokenUpdated).toBe(false);
    await expect(addBot({ token: emu.token, apiRoot: emulator.url, updateMode: "POLLING" }))
      .rejects.toMatchObject({ code: "CONFLICT", message: "Second Bot (@dup_test_bot) is already connected." });
    expect(await db().bot.count({ where: { username: "dup_test_bot" } })).toBe(1);
    // The demo reconnects its own bot at each start.
    expect((await addBot({ token: emu.token, apiRoot: emulator.url, updateMode: "POLLING" }, { reconnect: true })).id).toBe(first.id);
  });
});
