// checkFlow: what blocks publishing (and is shown on the canvas), each problem on its node.
import { describe, expect, it } from "vitest";
import { checkFlow, claimsCollide, parseFlowDocument, triggerClaim, type TFlowCheckContext, type TFlowDocument } from "@/lib/flows/document";
import { FLOW_TEMPLATES, templateDocument } from "@/lib/flows/templates";
import { flow, node } from "@/tests/support/flow-document";

const noOthers = (extra: Partial<TFlowCheckContext> = {}): TFlowCheckContext => ({ flows: new Map(), otherClaims: new Map(), ...extra });

/** Checks the document as publishing does (parsed first, so defaults apply). */
const check = (doc: TFlowDocument, ctx = noOthers()) => checkFlow(parseFlowDocument(doc), ctx);
const errorsOf = (doc: TFlowDocument, ctx = noOthers()) => check(doc, ctx).filter((i) => i.severity === "error");
const on = (doc: TFlowDocument, nodeId: string, ctx = noOthers()) => errorsOf(doc, ctx).filter((i) => i.nodeId === nodeId).map((i) => i.message);

/** `/start` → the node under test (id "n") → nothing. */
const after = (n: ReturnType<typeof node>, more: ReturnType<typeof node>[] = [], edges: [string, string, string][] = []) =>
  flow([node("t1", "command"), n, ...more], [["t1", "next", n.id], ...edges]);

describe("checkFlow: structure", () => {
  it("the starter templates publish as they are", () => {
    for (const t of FLOW_TEMPLATES.filter((t) => t !== "blank")) expect(errorsOf(templateDocument(t)), t).toEqual([]);
  });

  it("a flow without a trigger", () => {
    const issues = errorsOf(flow([node("m1", "send-message", { text: "Hi" })]));
    expect(issues).toContainEqual(expect.objectContaining({ nodeId: null, message: expect.stringContaining("no trigger") }));
    expect(errorsOf(flow([]))).toEqual([expect.objectContaining({ nodeId: null })]);
  });

  it("a trigger that leads nowhere", () => {
    expect(on(flow([node("t1", "keyword")]), "t1")).toEqual(["This trigger leads nowhere: connect it to the first step."]);
  });

  it("unconnected required outputs: menu options, callback buttons, split branches", () => {
    const menu = after(node("n", "send-menu", { text: "Pick", options: [{ id: "a", label: "Alpha" }, { id: "b", label: "Beta" }] }), [node("x", "end")], [["n", "opt-a", "x"]]);
    expect(on(menu, "n")).toEqual(["“Beta” is not connected: pressing it would do nothing."]);

    const buttons = after(node("n", "send-message", { text: "Hi", buttons: [[{ id: "b1", kind: "callback", text: "Yes" }, { id: "u", kind: "url", text: "Site", url: "https://example.com" }]] }));
    expect(on(buttons, "n")).toEqual(["“Yes” is not connected: pressing it would do nothing."]);

    const split = after(node("n", "random-split"));
    expect(on(split, "n")).toHaveLength(2);
  });

  it("an optional output left open is a warning, and an open “next” is no issue at all", () => {
    const doc = after(node("n", "condition", { check: { kind: "tag", tag: "VIP" } }), [node("x", "end")], [["n", "yes", "x"]]);
    const issues = check(doc).filter((i) => i.nodeId === "n");
    expect(issues).toEqual([{ nodeId: "n", severity: "warning", message: "“No” is not connected: the flow ends there." }]);
    expect(check(after(node("n", "send-message", { text: "Hi" })))).toEqual([]);
  });

  it("unreachable nodes, including chains only reachable from each other", () => {
    const doc = flow(
      [node("t1", "command"), node("m1", "send-message", { text: "Hi" }), node("lost", "send-message", { text: "Nobody" }), node("lost2", "end")],
      [
        ["t1", "next", "m1"],
        ["lost", "next", "lost2"],
      ],
    );
    const unreachable = errorsOf(doc).filter((i) => i.message.startsWith("No trigger leads here"));
    expect(unreachable.map((i) => i.nodeId).sort()).toEqual(["lost", "lost2"]);
  });
});

describe("checkFlow: Telegram's limits", () => {
  it("button data over 64 bytes (bytes, not characters) and the reserved f: prefix", () => {
    const doc = (data: string) => flow([node("t1", "button-click", { data }), node("x", "end")], [["t1", "next", "x"]]);
    expect(on(doc("é".repeat(32)), "t1")).toEqual([]);
    expect(on(doc("é".repeat(33)), "t1")).toEqual(["button data is 66 bytes; Telegram allows 64"]);
    expect(on(doc("x".repeat(65)), "t1")).toEqual(["button data is 65 bytes; Telegram allows 64"]);
    expect(on(doc("f:1:n:next"), "t1")).toEqual(["button data starting with f: is reserved for flow buttons"]);
  });

  it("texts over 4,096 characters and captions over 1,024 (markup does not count)", () => {
    const text = (t: string, photo = "") => after(node("n", "send-message", { text: t, photo }));
    expect(on(text("a".repeat(4096)), "n")).toEqual([]);
    expect(on(text(`<b>${"a".repeat(4096)}</b>`), "n")).toEqual([]);
    expect(on(text("a".repeat(4097)), "n")).toEqual(["the text is 4097 characters; Telegram allows 4096"]);
    expect(on(text("a".repeat(1024), "https://example.com/p.jpg"), "n")).toEqual([]);
    expect(on(text("a".repeat(1025), "https://example.com/p.jpg"), "n")).toEqual(["the caption is 1025 characters; Telegram allows 1024"]);
    expect(on(text("   "), "n")).toEqual(["the text is empty"]);
  });

  it("the same limits on menus, questions (and their retry text) and hand-off texts", () => {
    expect(on(after(node("n", "send-menu", { text: "a".repeat(4097), options: [{ id: "o", label: "O" }] }), [node("x", "end")], [["n", "opt-o", "x"]]), "n")).toEqual([
      "the text is 4097 characters; Telegram allows 4096",
    ]);
    expect(on(after(node("n", "ask-question", { text: "Email?", retryText: "<i>again" })), "n")).toEqual([expect.stringMatching(/^retry text: invalid HTML/)]);
    expect(on(after(node("n", "handoff", { text: "<b>x" })), "n")).toEqual([expect.stringMatching(/^invalid HTML/)]);
    expect(on(after(node("n", "handoff", { text: "" })), "n")).toEqual([]);
  });

  it("invalid HTML: unclosed and unsupported tags; a user's name never breaks the markup", () => {
    const text = (t: string) => on(after(node("n", "send-message", { text: t })), "n");
    expect(text("<b>bold")).toEqual([expect.stringMatching(/^invalid HTML: /)]);
    expect(text("<blink>hi</blink>")).toEqual([expect.stringMatching(/^invalid HTML: /)]);
    expect(text("a < b")).toEqual([expect.stringMatching(/^invalid HTML: /)]);
    expect(text('<b>Hi</b> <i>{first_name|friend}</i>, <a href="https://example.com">here</a> &amp; <code>x</code>')).toEqual([]);
  });

  it("unknown tokens in texts and links", () => {
    expect(on(after(node("n", "send-message", { text: "Hi {frist_name}" })), "n")).toEqual([expect.stringContaining("unknown token {frist_name}")]);
    const link = after(node("n", "send-message", { text: "Hi", buttons: [[{ id: "u", kind: "url", text: "Go", url: "ftp://x" }]] }));
    expect(on(link, "n")).toEqual(["button “Go”: the link must start with https://, http:// or tg://"]);
  });

  it("a link that is only the scheme, a photo that is not https", () => {
    const bare = after(node("n", "send-message", { text: "Hi", buttons: [[{ id: "u", kind: "url", text: "Go", url: "https://" }]] }));
    expect(on(bare, "n")).toEqual(["button “Go”: the link is incomplete: add the address after https://"]);
    expect(on(after(node("n", "send-message", { text: "Hi", photo: "http://example.com/a.jpg" })), "n")).toEqual(["the photo URL must start with https:// (Telegram refuses plain http)"]);
    expect(on(after(node("n", "send-message", { text: "Hi", photo: "https://example.com/a.jpg" })), "n")).toEqual([]);
  });
});

describe("checkFlow: triggers claimed twice", () => {
  it("the same command claimed by another published flow", () => {
    const doc = flow([node("t1", "command", { command: "help" }), node("x", "end")], [["t1", "next", "x"]]);
    const ctx = noOthers({ otherClaims: new Map([["/help", "Support"]]) });
    expect(on(doc, "t1", ctx)).toEqual(["/help is already answered by the published flow “Support”."]);
    expect(on(doc, "t1", noOthers({ otherClaims: new Map([["/menu", "Menu"]]) }))).toEqual([]);
  });

  it("the same command twice in one flow", () => {
    const doc = flow(
      [node("t1", "command", { command: "help" }), node("t2", "command", { command: "HELP" }), node("x", "end")],
      [
        ["t1", "next", "x"],
        ["t2", "next", "x"],
      ],
    );
    expect(on(doc, "t2")).toEqual(["Node t1 of this flow already answers /help."]);
    expect(on(doc, "t1")).toEqual([]);
  });

  it("deep links and /start payload matches live beside a plain /start; equal deep links collide", () => {
    const claim = (type: "command" | "deep-link", data: Record<string, unknown>) => triggerClaim(parseFlowDocument(flow([node("t", type, data)])).nodes[0]!)!;
    const startAny = claim("command", { command: "start" });
    const promo = claim("deep-link", { payload: "promo" });
    const startPromo = claim("command", { command: "start", payload: "equals", value: "promo" });
    expect(claimsCollide(startAny, promo)).toBe(false);
    expect(claimsCollide(startAny, startPromo)).toBe(false);
    expect(claimsCollide(promo, startPromo)).toBe(true);
    expect(claimsCollide(promo, claim("deep-link", { payload: "other" }))).toBe(false);
    expect(claimsCollide(startAny, claim("command", { command: "start" }))).toBe(true);
    // Any command: a payload match beside the same command with any payload (the match wins at run time).
    expect(claimsCollide(claim("command", { command: "faq" }), claim("command", { command: "faq", payload: "equals", value: "billing" }))).toBe(false);
    expect(claimsCollide(claim("command", { command: "faq", payload: "none" }), claim("command", { command: "faq", payload: "none" }))).toBe(true);
  });

  it("keywords collide when equal (case-insensitively unless case-sensitive)", () => {
    const claim = (d: Record<string, unknown>) => triggerClaim(parseFlowDocument(flow([node("t", "keyword", d)])).nodes[0]!)!;
    expect(claimsCollide(claim({ value: "Price" }), claim({ value: "price" }))).toBe(true);
    expect(claimsCollide(claim({ value: "Price", caseSensitive: true }), claim({ value: "price", caseSensitive: true }))).toBe(false);
    expect(claimsCollide(claim({ value: "price" }), claim({ value: "price", match: "equals" }))).toBe(false);
  });
});

describe("checkFlow: node settings", () => {
  it("a split whose percentages do not sum to 100", () => {
    const split = (a: number, b: number) =>
      after(
        node("n", "random-split", { branches: [{ id: "a", label: "A", percent: a }, { id: "b", label: "B", percent: b }] }),
        [node("x", "end")],
        [
          ["n", "b-a", "x"],
          ["n", "b-b", "x"],
        ],
      );
    expect(on(split(50, 50), "n")).toEqual([]);
    expect(on(split(60, 30), "n")).toEqual(["the percentages add up to 90, not 100"]);
    expect(on(split(60, 50), "n")).toEqual(["the percentages add up to 110, not 100"]);
  });

  it("go to a flow that is not published, or does not exist", () => {
    const doc = after(node("n", "go-to-flow", { flowId: "f2" }));
    expect(on(doc, "n", noOthers({ flows: new Map([["f2", { name: "Follow-up", published: false }]]) }))).toEqual(["the flow “Follow-up” is not published"]);
    expect(on(doc, "n")).toEqual(["the flow to go to does not exist"]);
    expect(on(doc, "n", noOthers({ flows: new Map([["f2", { name: "Follow-up", published: true }]]) }))).toEqual([]);
  });

  it("command payload patterns, keyword patterns", () => {
    const cmd = (d: Record<string, unknown>) => on(flow([node("t1", "command", d), node("x", "end")], [["t1", "next", "x"]]), "t1");
    expect(cmd({ payload: "equals", value: "" })).toEqual(["give the payload to match"]);
    expect(cmd({ payload: "regex", value: "(" })).toEqual(["the payload pattern is not a valid regular expression"]);
    const kw = on(flow([node("t1", "keyword", { match: "regex", value: "[a-" }), node("x", "end")], [["t1", "next", "x"]]), "t1");
    expect(kw).toEqual(["the pattern is not a valid regular expression"]);
  });

  it("literal attribute values that do not fit their type", () => {
    const set = (value: string, valueType: string) => on(after(node("n", "set-attribute", { key: "k", value, valueType })), "n");
    expect(set("12.5", "number")).toEqual([]);
    expect(set("twelve", "number")).toEqual(["“twelve” is not a number"]);
    expect(set("maybe", "boolean")).toEqual(["a yes/no value is true, false, yes or no"]);
    expect(set("someday", "date")).toEqual(["“someday” is not a date (use 2026-12-31)"]);
    expect(set("{attr.score}", "number")).toEqual([]);
  });

  it("HTTP requests: the URL, a JSON body with tokens inside strings, no body on GET", () => {
    const http = (d: Record<string, unknown>) => on(after(node("n", "http-request", d)), "n");
    expect(http({ url: "https://api.example.com/u/{telegram_id}", body: '{"name": "{first_name}", "n": 1}' })).toEqual([]);
    expect(http({ url: "api.example.com" })).toEqual(["the URL must start with http:// or https://"]);
    expect(http({ body: "{name: x}" })).toEqual([expect.stringContaining("the body is not valid JSON")]);
    expect(http({ method: "GET", body: '{"a": 1}' })).toEqual(["a GET request has no body"]);
  });
});
