import { describe, expect, it } from "vitest";
import { formatRelative } from "@/components/ui/time";

const now = Date.parse("2026-12-06T12:00:00Z");
const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();

describe("relative times", () => {
  it("reads in full by default", () => {
    expect(formatRelative(ago(3 * 3600), now)).toBe("3 hours ago");
    expect(formatRelative(ago(86_400), now)).toBe("yesterday");
  });

  it("fits a narrow column when compact", () => {
    expect(formatRelative(ago(3), now, true)).toBe("now");
    expect(formatRelative(ago(42), now, true)).toBe("42s ago");
    expect(formatRelative(ago(5 * 60), now, true)).toBe("5m ago");
    expect(formatRelative(ago(3 * 3600), now, true)).toBe("3h ago");
    expect(formatRelative(ago(2 * 86_400), now, true)).toBe("2d ago");
  });
});
