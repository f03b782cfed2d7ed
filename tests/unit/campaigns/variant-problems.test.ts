// A message variant's problems as the wizard words them: buttons named as the form names
// them, an empty label or a bare "https://" flagged, a photo only over https; and a part held
// back (not valid yet) named by its place in the form, not by the API's path.
import { describe, expect, it } from "vitest";
import { DRAFT_SCHEMAS, type TDraft } from "@/components/campaigns/wizard/draft";
import { heldMessage } from "@/components/campaigns/wizard/held-message";
import { messageProblems } from "@/lib/campaigns/check-campaign";
import type { TVariant } from "@/lib/campaigns/schemas";
import { variantProblems } from "@/lib/campaigns/variant-problems";

const variant = (patch: Partial<TVariant>): TVariant => ({ id: "a", name: "A", share: 100, text: "Hi", photo: "", buttons: [], ...patch });

describe("a variant's problems", () => {
  it("name a button without a label by its row and place", () => {
    expect(variantProblems(variant({ buttons: [[{ id: "b1", kind: "reply", text: "Ok" }, { id: "b2", kind: "reply", text: " " }]] }), "")).toEqual(["row 1 button 2 needs a label."]);
  });
  it("flag a link that is only the scheme", () => {
    expect(variantProblems(variant({ buttons: [[{ id: "b1", kind: "url", text: "Go", url: "https://" }]] }), "")).toEqual(["row 1 button 1 “Go”: the link is incomplete: add the address after https://."]);
    expect(variantProblems(variant({ buttons: [[{ id: "b1", kind: "url", text: "Go", url: "https://example.com/?u={telegram_id}" }]] }), "")).toEqual([]);
  });
  it("refuse a photo that is not https", () => {
    expect(variantProblems(variant({ photo: "http://example.com/a.jpg" }), "")).toEqual(["the photo URL must start with https:// (Telegram refuses plain http)."]);
    expect(variantProblems(variant({ photo: "ftp://x" }), "")).toEqual(["the photo must be an https:// URL or a Telegram file id."]);
    expect(variantProblems(variant({ photo: "https://example.com/a.jpg" }), "")).toEqual([]);
    expect(variantProblems(variant({ photo: "AgACAgIAAxkBAAIBZ2Vf0123456789" }), "")).toEqual([]);
  });
  it("block the launch with the same words", () => {
    const m = { variants: [variant({ share: 50, photo: "http://x.io/a.png" }), variant({ id: "b", name: "B", share: 50, buttons: [[{ id: "b1", kind: "reply", text: "" }]] })] };
    expect(messageProblems(m).map((p) => p.message)).toEqual(["Variant A: the photo URL must start with https:// (Telegram refuses plain http).", "Variant B: row 1 button 1 needs a label."]);
  });
});

describe("a part held back", () => {
  it("is named by its place in the form", () => {
    const message = { variants: [variant({ buttons: [[{ id: "b1", kind: "reply", text: "" }]] })] };
    const parsed = DRAFT_SCHEMAS.message.safeParse(message);
    expect(parsed.success).toBe(false);
    const draft = { message } as unknown as TDraft;
    expect(heldMessage("message", parsed.error!.issues[0], draft)).toBe("row 1 button 1: a button needs a label");
  });
});
