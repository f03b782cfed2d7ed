// The pure decisions inside node runtimes: validating a question's answer, comparing an
// attribute, picking a random branch, and the small helpers around them.
import { describe, expect, it } from "vitest";
import { validateAnswer } from "@/lib/flows/nodes/ask-question/definition";
import { compareAttribute } from "@/lib/flows/nodes/condition/definition";
import { pickBranch } from "@/lib/flows/nodes/random-split/definition";
import { delayMs } from "@/lib/flows/nodes/delay/definition";
import { readPath } from "@/lib/flows/nodes/http-request/definition";
import { FLOW_BUTTON } from "@/lib/flows/runtime/compile";
import { callbackDataFor } from "@/lib/flows/runtime/engine";
import { byteLength, MAX_CALLBACK_DATA_BYTES } from "@/lib/flows/telegram-text";

describe("validateAnswer", () => {
  it("email: trims and lowercases a valid address; refuses the rest", () => {
    expect(validateAnswer("email", "  Ana.B+news@Example.COM ")).toBe("ana.b+news@example.com");
    for (const bad of ["ana", "ana@", "ana@example", "ana@example.c", "a na@example.com", "ana@@example.com", "", "   "]) {
      expect(validateAnswer("email", bad), bad).toBeNull();
    }
  });

  it("phone: at least 7 digits, spaces, dashes and brackets removed, + kept", () => {
    expect(validateAnswer("phone", "+351 912 345-678")).toBe("+351912345678");
    expect(validateAnswer("phone", "(021) 555 0199")).toBe("0215550199");
    expect(validateAnswer("phone", "+1 (555) 123-4567")).toBe("+15551234567");
    for (const bad of ["12345", "call me", "+12 34", "555-CALL-NOW", "+"]) expect(validateAnswer("phone", bad), bad).toBeNull();
  });

  it("number: a finite number (a decimal comma is accepted)", () => {
    expect(validateAnswer("number", "42")).toBe(42);
    expect(validateAnswer("number", " -3.5 ")).toBe(-3.5);
    expect(validateAnswer("number", "2,5")).toBe(2.5);
    for (const bad of ["forty", "Infinity", "1 000", "", "12abc"]) expect(validateAnswer("number", bad), bad).toBeNull();
  });

  it("text: anything non-empty, trimmed, at most 1000 characters", () => {
    expect(validateAnswer("text", "  hello  ")).toBe("hello");
    expect(validateAnswer("text", "x".repeat(1500))).toHaveLength(1000);
    expect(validateAnswer("text", " \n ")).toBeNull();
  });
});

describe("compareAttribute", () => {
  it("exists / not_exists: empty strings and null do not exist", () => {
    expect(compareAttribute("x", "exists", "")).toBe(true);
    expect(compareAttribute(0, "exists", "")).toBe(true);
    expect(compareAttribute(false, "exists", "")).toBe(true);
    for (const v of [undefined, null, ""]) {
      expect(compareAttribute(v, "exists", "")).toBe(false);
      expect(compareAttribute(v, "not_exists", "")).toBe(true);
    }
  });

  it("a missing value is only ever “not equal”", () => {
    for (const op of ["eq", "contains", "lt", "gt"] as const) expect(compareAttribute(undefined, op, "1")).toBe(false);
    expect(compareAttribute(undefined, "neq", "1")).toBe(true);
  });

  it("numbers compare as numbers when both sides are numbers", () => {
    expect(compareAttribute(10, "gt", "9")).toBe(true);
    expect(compareAttribute("10", "lt", "9")).toBe(false);
    expect(compareAttribute(3, "eq", "3.0")).toBe(true);
    expect(compareAttribute("3", "neq", "3.0")).toBe(false);
  });

  it("text compares case-insensitively for eq/neq/contains, and by code points for lt/gt", () => {
    expect(compareAttribute("Gold", "eq", "gold")).toBe(true);
    expect(compareAttribute("Gold", "neq", "GOLD")).toBe(false);
    expect(compareAttribute("Lisbon, Portugal", "contains", "portugal")).toBe(true);
    expect(compareAttribute("apple", "lt", "banana")).toBe(true);
    expect(compareAttribute("10", "lt", "9a")).toBe(true);
  });

  it("booleans and objects compare by their text", () => {
    expect(compareAttribute(true, "eq", "true")).toBe(true);
    expect(compareAttribute({ plan: "gold" }, "contains", "gold")).toBe(true);
  });
});

describe("pickBranch", () => {
  const branches = [
    { id: "a", percent: 20 },
    { id: "b", percent: 30 },
    { id: "c", percent: 50 },
  ];

  it("maps [0, 1) onto the branches by their percentages", () => {
    expect(pickBranch(branches, 0).id).toBe("a");
    expect(pickBranch(branches, 0.1999).id).toBe("a");
    expect(pickBranch(branches, 0.2).id).toBe("b");
    expect(pickBranch(branches, 0.4999).id).toBe("b");
    expect(pickBranch(branches, 0.5).id).toBe("c");
    expect(pickBranch(branches, 0.999999).id).toBe("c");
  });

  it("a 0% branch is never picked; rounding never falls off the end", () => {
    const zero = [
      { id: "never", percent: 0 },
      { id: "always", percent: 100 },
    ];
    expect(pickBranch(zero, 0).id).toBe("always");
    const thirds = [
      { id: "x", percent: 33 },
      { id: "y", percent: 33 },
      { id: "z", percent: 34 },
    ];
    expect(pickBranch(thirds, 1 - Number.EPSILON).id).toBe("z");
  });

  it("over many draws each branch gets about its share", () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 20000; i++) counts[pickBranch(branches, rand()).id]!++;
    expect(counts.a! / 20000).toBeCloseTo(0.2, 1);
    expect(counts.b! / 20000).toBeCloseTo(0.3, 1);
    expect(counts.c! / 20000).toBeCloseTo(0.5, 1);
  });
});

describe("small helpers", () => {
  it("delays in minutes, hours and days", () => {
    expect(delayMs({ amount: 1, unit: "minutes" })).toBe(60_000);
    expect(delayMs({ amount: 2, unit: "hours" })).toBe(7_200_000);
    expect(delayMs({ amount: 3, unit: "days" })).toBe(259_200_000);
  });

  it("reads dotted paths from a JSON response", () => {
    const body = { data: { id: 7, items: [{ name: "first" }] }, ok: true };
    expect(readPath(body, "data.id")).toBe(7);
    expect(readPath(body, "data.items.0.name")).toBe("first");
    expect(readPath(body, "data.missing.deeper")).toBeUndefined();
    expect(readPath(null, "a")).toBeUndefined();
  });

  it("flow buttons' callback data fits Telegram's 64 bytes at the longest ids, and is what the router matches", () => {
    const longest = callbackDataFor(2 ** 31 - 1, "n".repeat(16), `btn-${"b".repeat(12)}`);
    expect(byteLength(longest)).toBeLessThanOrEqual(MAX_CALLBACK_DATA_BYTES);
    expect(longest).toMatch(FLOW_BUTTON);
    expect(FLOW_BUTTON.exec(callbackDataFor(12, "n2", "opt-o1"))?.slice(1)).toEqual(["12", "n2", "opt-o1"]);
  });
});
