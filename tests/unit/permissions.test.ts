import { describe, it, expect } from "vitest";
import { can, PERMISSIONS, ROLES } from "@/lib/auth/permissions";

describe("permissions", () => {
  it("gives admins every permission", () => {
    for (const p of Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]) expect(can("ADMIN", p)).toBe(true);
  });

  it("keeps bot and staff management to admins", () => {
    for (const role of ROLES.filter((r) => r !== "ADMIN")) {
      expect(can(role, "bots:manage")).toBe(false);
      expect(can(role, "staff:manage")).toBe(false);
    }
  });

  it("lets agents use the inbox and tag users but not edit flows or send campaigns", () => {
    expect(can("AGENT", "inbox:use")).toBe(true);
    expect(can("AGENT", "users:tag")).toBe(true);
    expect(can("AGENT", "flows:edit")).toBe(false);
    expect(can("AGENT", "campaigns:send")).toBe(false);
  });

  it("lets marketers build flows, segments and campaigns", () => {
    expect(can("MARKETER", "flows:edit")).toBe(true);
    expect(can("MARKETER", "segments:edit")).toBe(true);
    expect(can("MARKETER", "campaigns:send")).toBe(true);
    expect(can("MARKETER", "inbox:use")).toBe(false);
  });
});
