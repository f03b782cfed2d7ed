import { describe, expect, it } from "vitest";
import { cannedQuery, matchCanned, moveHighlight } from "@/components/inbox/canned-match";

const items = ["thanks", "thx", "hours", "hello", "help", "hi", "hey"].map((s, i) => ({ id: String(i), shortcut: s, text: `${s} text` }));

describe("canned reply suggestions", () => {
  it("open only for a single /word, case-insensitively", () => {
    expect(cannedQuery("/Tha")).toBe("tha");
    expect(cannedQuery("/")).toBe("");
    expect(cannedQuery("/tha nks")).toBeNull();
    expect(cannedQuery("hi /tha")).toBeNull();
    expect(cannedQuery("/tha\n")).toBeNull();
  });

  it("suggest shortcuts that start with what was typed, at most five", () => {
    expect(matchCanned("/th", items)?.map((c) => c.shortcut)).toEqual(["thanks", "thx"]);
    expect(matchCanned("/h", items)?.map((c) => c.shortcut)).toEqual(["hours", "hello", "help", "hi", "hey"]);
    expect(matchCanned("/xyz", items)).toEqual([]); // open, nothing matches
    expect(matchCanned("thanks", items)).toBeNull(); // closed
  });

  it("Up and Down wrap round the list", () => {
    expect(moveHighlight(0, 3, 1)).toBe(1);
    expect(moveHighlight(2, 3, 1)).toBe(0);
    expect(moveHighlight(0, 3, -1)).toBe(2);
    expect(moveHighlight(0, 0, 1)).toBe(0);
  });
});
