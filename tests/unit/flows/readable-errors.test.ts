// Errors in the writer's words: a field as the form names it (not "options[1].label"),
// Telegram's HTML errors with the tag and a snippet (not a byte offset).
import { describe, expect, it } from "vitest";
import { fieldErrorMessages } from "@/components/flows/graph";
import { fieldLabel } from "@/lib/flows/field-label";
import { htmlTextProblems, readableHtmlError } from "@/lib/flows/telegram-text";

describe("a field's name", () => {
  it("is the form's label", () => {
    expect(fieldLabel(["options", 1, "label"])).toBe("Option 2 label");
    expect(fieldLabel(["buttons", 0, 1, "url"])).toBe("Row 1 button 2 link");
    expect(fieldLabel(["retryText"])).toBe("Retry text");
  });
  it("leads the problem's message", () => {
    const data = { text: "Pick one", options: [{ id: "o1", label: "Yes" }, { id: "o2", label: "" }] };
    expect(fieldErrorMessages("send-menu", data)).toEqual(["Option 2 label: an option needs a label"]);
  });
});

describe("an HTML error", () => {
  it("names a tag Telegram refuses and lists the allowed ones", () => {
    const [p] = htmlTextProblems("Hi <blink>x</blink>", "text");
    expect(p).toMatch(/^invalid HTML: <blink> is not allowed in Telegram HTML \(allowed: b, i, u, s, a, code, pre, /);
    expect(p).not.toContain("byte offset");
  });
  it("shows a snippet instead of a byte offset, counting characters not bytes", () => {
    expect(readableHtmlError('Unsupported start tag "" at byte offset 7', "héllo < b")).toBe("a “<” that starts no tag near “< b”: write it as &lt;");
    expect(htmlTextProblems("x </b>", "text")).toEqual(["invalid HTML: a closing tag near “</b>” has no opening tag"]);
    expect(htmlTextProblems("<b>x</i>", "text")).toEqual(["invalid HTML: </i> closes <b>: close tags in the reverse order they were opened"]);
    expect(htmlTextProblems("<b>bold", "text")).toEqual(["invalid HTML: <b> is never closed: add </b>"]);
  });
});
