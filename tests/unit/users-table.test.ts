import { describe, expect, it } from "vitest";
import { pageBoxTarget } from "@/components/users/page-box";
import { bulkTagMessage, needsConfirmation } from "@/components/users/bulk-tag-wording";
import { describeEvent } from "@/components/users/event-label";

describe("the Users page box", () => {
  it("goes to a page in range", () => {
    expect(pageBoxTarget("3", 7)).toEqual({ page: 3, message: null });
    expect(pageBoxTarget(" 7 ", 7)).toEqual({ page: 7, message: null });
  });
  it("clamps a page past the end to the last one, and says so", () => {
    expect(pageBoxTarget("99", 7)).toEqual({ page: 7, message: "There are only 7 pages: showing the last one." });
    expect(pageBoxTarget("2", 1)).toEqual({ page: 1, message: "There is only 1 page: showing the last one." });
    expect(pageBoxTarget("0", 7)).toEqual({ page: 1, message: null });
  });
  it("explains what to type for anything but a whole number", () => {
    for (const typed of ["", "abc", "2.5"]) expect(pageBoxTarget(typed, 7)).toEqual({ page: null, message: "Enter a page number from 1 to 7." });
  });
});

describe("bulk tagging wording", () => {
  it("asks first above five users", () => {
    expect(needsConfirmation(5)).toBe(false);
    expect(needsConfirmation(6)).toBe(true);
  });
  it("reports what changed and what did not", () => {
    expect(bulkTagMessage("add", { tag: { name: "vip" }, changed: 2, unchanged: 0 })).toBe("Tagged 2 users (“vip”).");
    expect(bulkTagMessage("remove", { tag: { name: "vip" }, changed: 1, unchanged: 1200 })).toBe("Removed the tag from 1 user (“vip”); 1,200 already did not have it.");
  });
});

describe("timeline wording", () => {
  it("names the tag added or removed, and by whom", () => {
    expect(describeEvent("tag_added", { tag: "vip", via: "agent", by: "Ann" })).toBe("tagged “vip” by Ann");
    expect(describeEvent("tag_removed", { tag: "vip", via: "flow", flow: "Welcome" })).toBe("tag “vip” removed by the flow “Welcome”");
    expect(describeEvent("tag_added", { tag: "vip", via: "campaign" })).toBe("tagged “vip” (campaign)");
    expect(describeEvent("tag_added", {})).toBe("tagged “?”");
  });
});
