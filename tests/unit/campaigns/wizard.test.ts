// The campaign wizard's pure parts: a save of one step leaves the others as they are, the
// browser's message checks say exactly what the server's say, and scheduled times keep
// their offset.
import { describe, expect, it } from "vitest";
import { ZUpdateCampaign, type TVariant } from "@/lib/campaigns/schemas";
import { messageProblems } from "@/lib/campaigns/check-campaign";
import { variantProblems } from "@/components/campaigns/wizard/message-text";
import { isoToLocalInput, localInputToIso } from "@/components/campaigns/wizard/step-schedule";

const variant = (patch: Partial<TVariant>): TVariant => ({ id: "a", name: "A", share: 100, text: "Hi {first_name|friend}", photo: "", buttons: [], ...patch });

describe("a wizard save", () => {
  it("of one step does not reset the other steps to their defaults", () => {
    expect(ZUpdateCampaign.parse({ wizardStep: 3 })).toEqual({ wizardStep: 3 });
    expect(Object.keys(ZUpdateCampaign.parse({ message: { variants: [variant({})] } }))).toEqual(["message"]);
  });
});

describe("the message checks in the browser", () => {
  const cases: TVariant[][] = [
    [variant({})],
    [variant({ text: "" })],
    [variant({ text: "<b>open" })],
    [variant({ text: "x".repeat(5000) })],
    [variant({ text: "y".repeat(2000), photo: "https://example.com/a.jpg" })],
    [variant({ text: "", photo: "https://example.com/a.jpg" })],
    [variant({ text: "Hi {frist_name}" })],
    [variant({ buttons: [[{ id: "b1", kind: "url", text: "Go", url: "example.com/{attr.bad-key}" }, { id: "b2", kind: "reply", text: "Ok" }]] })],
    [variant({ share: 50 }), variant({ id: "b", name: "B", share: 50, text: "<i>oops" })],
  ];
  it.each(cases.map((c, i) => [i, c] as const))("say what the server says (case %i)", (_i, variants) => {
    const server = messageProblems({ variants }).map((p) => p.message).filter((m) => !m.includes("shares add up"));
    const browser = variants.flatMap((v) => variantProblems(v, variants.length > 1 ? `Variant ${v.name}: ` : ""));
    expect(browser).toEqual(server);
  });
});

describe("a scheduled time", () => {
  it("is sent with the browser's offset and shown back in local time", () => {
    const iso = localInputToIso("2026-11-23T10:30")!;
    expect(iso).toMatch(/^2026-11-23T10:30:00[+-]\d{2}:\d{2}$/);
    expect(new Date(iso).getTime()).toBe(new Date("2026-11-23T10:30").getTime());
    expect(isoToLocalInput(iso)).toBe("2026-11-23T10:30");
    expect(localInputToIso("")).toBeNull();
  });
});
