import { describe, it, expect, beforeAll } from "vitest";
import { useTestDatabase, createBotRow } from "./helpers";
import { db } from "@/lib/db/client";
import { listUsers } from "@/lib/users/list-users";
import { getUserProfile } from "@/lib/users/get-user-profile";
import { ZListUsers } from "@/lib/users/schemas";
import { createStaff } from "@/lib/staff/create-staff";
import { updateStaff } from "@/lib/staff/update-staff";
import { ensureFirstAdmin } from "@/lib/staff/ensure-first-admin";
import { verifyPassword } from "@/lib/auth/password";

useTestDatabase();

const DAY = 86_400_000;

describe("Users list", () => {
  beforeAll(async () => {
    const bot = await createBotRow("3");
    const tag = await db().tag.create({ data: { name: "VIP", color: "#f59e0b" } });
    const now = Date.now();
    const people = [
      { telegramId: 1n, firstName: "Alice", username: "alice", source: "src_ads1", lastSeenAt: new Date(now - 2 * 3600_000), languageCode: "en" },
      { telegramId: 2n, firstName: "Boris", username: "boris", source: "src_instagram", lastSeenAt: new Date(now - 3 * DAY), languageCode: "ru" },
      { telegramId: 3n, firstName: "Carla", username: null, source: null, lastSeenAt: new Date(now - 45 * DAY), languageCode: "es" },
      { telegramId: 4n, firstName: "Dmitri", username: "dima", source: "src_ads1", lastSeenAt: new Date(now - 10 * DAY), languageCode: "ru" },
    ];
    for (const p of people) {
      const u = await db().telegramUser.create({ data: { botId: bot.id, ...p, firstSeenAt: new Date(now - 60 * DAY) } });
      if (p.firstName === "Boris" || p.firstName === "Carla") {
        await db().userTag.create({ data: { telegramUserId: u.id, tagId: tag.id, appliedVia: "IMPORT", appliedByRef: "seed" } });
      }
    }
  });

  const list = (q: Record<string, unknown>) => listUsers(ZListUsers.parse(q));
  const names = (r: Awaited<ReturnType<typeof listUsers>>) => r.rows.map((x) => x.name);

  it("sorts by last seen, newest first, by default", async () => {
    expect(names(await list({}))).toEqual(["Alice", "Boris", "Dmitri", "Carla"]);
  });

  it("searches names and usernames, case-insensitively, with or without @", async () => {
    expect(names(await list({ q: "ALI" }))).toEqual(["Alice"]);
    expect(names(await list({ q: "@dima" }))).toEqual(["Dmitri"]);
    expect(names(await list({ q: "3" }))).toEqual(["Carla"]);
  });

  it("filters by tag, source and last seen", async () => {
    expect(names(await list({ tag: "VIP" }))).toEqual(["Boris", "Carla"]);
    expect(names(await list({ source: "src_ads1" }))).toEqual(["Alice", "Dmitri"]);
    expect(names(await list({ source: "(none)" }))).toEqual(["Carla"]);
    expect(names(await list({ lastSeen: "7d" }))).toEqual(["Alice", "Boris"]);
    expect(names(await list({ lastSeen: "30d+" }))).toEqual(["Carla"]);
  });

  it("paginates on the server with an exact total", async () => {
    // A page past the end shows the last page (and says which), not an empty table.
    const page2 = await list({ sort: "firstName", dir: "asc", page: 2, pageSize: 10 });
    expect(page2.total).toBe(4);
    expect(page2.page).toBe(1);
    expect(names(page2)).toEqual(["Alice", "Boris", "Carla", "Dmitri"]);
    const page1 = await list({ sort: "firstName", dir: "asc", pageSize: 10 });
    expect(names(page1)).toEqual(["Alice", "Boris", "Carla", "Dmitri"]);
  });

  it("rejects an unknown sort column", () => {
    expect(ZListUsers.safeParse({ sort: "passwordHash" }).success).toBe(false);
  });

  it("shows a profile with tags (who, how, when) and events", async () => {
    const boris = await db().telegramUser.findFirstOrThrow({ where: { firstName: "Boris" } });
    await db().event.create({ data: { botId: boris.botId, telegramUserId: boris.id, name: "button_click", properties: { data: "x" } } });
    const profile = await getUserProfile(boris.id);
    expect(profile.tags).toEqual([expect.objectContaining({ name: "VIP", via: "IMPORT", by: "seed" })]);
    expect(profile.events.map((e) => e.name)).toEqual(["button_click"]);
    await expect(getUserProfile("missing")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("Staff", () => {
  it("creates the first admin once, with a working password", async () => {
    const first = await ensureFirstAdmin();
    expect(first).not.toBeNull();
    expect(await ensureFirstAdmin()).toBeNull();
    const admin = await db().staffUser.findUniqueOrThrow({ where: { email: first!.email }, omit: { passwordHash: false } });
    expect(admin.role).toBe("ADMIN");
    expect(await verifyPassword(first!.password, admin.passwordHash)).toBe(true);
  });

  it("never returns password hashes by default", async () => {
    const any = await db().staffUser.findFirstOrThrow();
    expect(Object.keys(any)).not.toContain("passwordHash");
  });

  it("refuses a duplicate email with a conflict", async () => {
    await createStaff({ email: "agent@x.test", name: "A", role: "AGENT", password: "long-enough-pw" });
    await expect(createStaff({ email: "agent@x.test", name: "B", role: "AGENT", password: "long-enough-pw" })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("keeps at least one active admin", async () => {
    const admin = await db().staffUser.findFirstOrThrow({ where: { role: "ADMIN" } });
    const agent = await db().staffUser.findUniqueOrThrow({ where: { email: "agent@x.test" } });
    await expect(updateStaff(agent.id, admin.id, { role: "AGENT" })).rejects.toMatchObject({ code: "CONFLICT" });
    await updateStaff(admin.id, agent.id, { role: "ADMIN" });
    await updateStaff(agent.id, admin.id, { role: "MANAGER" });
    expect((await db().staffUser.findUniqueOrThrow({ where: { id: admin.id } })).role).toBe("MANAGER");
  });

  it("refuses to let anyone change their own role or disable themselves, even with other admins", async () => {
    const other = await createStaff({ email: "second-admin@x.test", name: "Second", role: "ADMIN", password: "long-enough-pw" });
    const self = await createStaff({ email: "self-admin@x.test", name: "Self", role: "ADMIN", password: "long-enough-pw" });
    await expect(updateStaff(self.id, self.id, { role: "AGENT" })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/own role/) });
    await expect(updateStaff(self.id, self.id, { disabled: true })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await db().staffUser.findUniqueOrThrow({ where: { id: self.id } })).toMatchObject({ role: "ADMIN", disabledAt: null });
    // Setting the same role, or a password, is no change of role: allowed.
    await updateStaff(self.id, self.id, { role: "ADMIN", password: "another-long-pw" });
    // Another admin may demote them.
    await updateStaff(other.id, self.id, { role: "AGENT" });
    expect((await db().staffUser.findUniqueOrThrow({ where: { id: self.id } })).role).toBe("AGENT");
  });
});
