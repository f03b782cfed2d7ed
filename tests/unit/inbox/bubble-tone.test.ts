import { describe, expect, it } from "vitest";
import { bubbleTone } from "@/components/inbox/bubble-tone";

// The palette's colours (sRGB) for the classes the bubbles use.
const HEX: Record<string, string> = {
  white: "#ffffff", "brand-600": "#4f46e5", "brand-100": "#e0e7ff", "slate-900": "#0f172a", "slate-500": "#64748b",
  "red-50": "#fef2f2", "red-900": "#7f1d1d", "red-700": "#b91c1c", "amber-50": "#fffbeb", "amber-950": "#451a03", "amber-800": "#92400e",
};

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}
const colours = (classes: string, prefix: "text" | "bg") => classes.split(/\s+/).filter((c) => c.startsWith(`${prefix}-`) && !c.startsWith("text-[")).map((c) => c.slice(prefix.length + 1));

const CASES = [
  { direction: "in" as const, note: false, state: "received" as const },
  ...(["pending", "sending", "sent", "failed"] as const).map((state) => ({ direction: "out" as const, note: false, state })),
  { direction: "out" as const, note: true, state: "note" as const },
];

describe("chat bubble colours", () => {
  it.each(CASES)("$direction $state: one text colour per part, readable on the bubble (≥ 4.5:1)", (m) => {
    const tone = bubbleTone(m);
    const [bg] = colours(tone.bubble, "bg");
    const text = colours(tone.bubble, "text");
    const meta = colours(tone.meta, "text");
    expect(colours(tone.bubble, "bg")).toHaveLength(1);
    expect(text).toHaveLength(1);
    expect(meta).toHaveLength(1);
    expect(contrast(HEX[text[0]!]!, HEX[bg!]!)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(HEX[meta[0]!]!, HEX[bg!]!)).toBeGreaterThanOrEqual(4.5);
  });

  it("a failed reply is dark red on light red, never white", () => {
    const tone = bubbleTone({ direction: "out", note: false, state: "failed" });
    expect(tone.bubble).toContain("text-red-900");
    expect(tone.bubble).not.toContain("text-white");
    expect(tone.meta).toBe("text-red-700");
  });
});
