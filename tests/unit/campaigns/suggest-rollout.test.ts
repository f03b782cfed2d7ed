// Rollout defaults fitted to the audience: a test stage is a sample, never most of it.
import { describe, expect, it } from "vitest";
import { ZRollout } from "@/lib/campaigns/schemas";
import { firstStageTooLarge, fittedDefaultRollout, suggestFirstStage } from "@/lib/campaigns/suggest-rollout";

describe("the first stage", () => {
  it("is about a tenth of the audience, at most 200, at least 1", () => {
    expect(suggestFirstStage(333)).toBe(33);
    expect(suggestFirstStage(50_000)).toBe(200);
    expect(suggestFirstStage(3)).toBe(1);
  });
  it("is flagged when it is most of the audience", () => {
    expect(firstStageTooLarge(200, 333)).toBe(true);
    expect(firstStageTooLarge(33, 333)).toBe(false);
    expect(firstStageTooLarge(null, 333)).toBe(false);
  });
  it("replaces the untouched default, never a choice of the user", () => {
    const untouched = ZRollout.parse(undefined);
    expect(fittedDefaultRollout(untouched, 333)).toEqual({ ...untouched, firstStage: 33 });
    expect(fittedDefaultRollout({ ...untouched, controlPercent: 5 }, 333)).toBeNull();
    expect(fittedDefaultRollout(untouched, null)).toBeNull();
    expect(fittedDefaultRollout(untouched, 5000)).toBeNull();
  });
});
