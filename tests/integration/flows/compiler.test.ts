// Compiling published flows into the bot's handlers: which trigger wins, branching through
// menus and nested conditions, what no flow handles still gets the built-in answers,
// republishing never strands a user in the middle of the old version, and unpublishing
// takes the handlers away at once (waiting runs cancelled, old buttons inactive).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { saveDraft } from "@/lib/flows/save-draft";
import { publishFlow } from "@/lib/flows/publish-flow";
import { unpublishFlow } from "@/lib/flows/unpublish-flow";
import { resumeDueRun } from "@/lib/flows/resume-due-run";
import type { TFlowDocument } from "@/lib/flows/document";
import type { TgUser } from "@/lib/emulator/types";
import { flow, node, commandReply } from "@/tests/support/flow-document";
import { useTestDatabase } from "../helpers";
import { lastCallbackAnswer, makeDue, newUser, press, publish, runsOf, send, start, startFlowHarness, texts, userRow, waitingRun, type TFlowHarness } from "./harness";

useTestDatabase();

let h: TFlowHarness;
beforeAll(async () => {
  h = await startFlowHarness("flows_compiler_bot", { limits: { enabled: false } });
});
afterAll(async () => h?.close());

async function answers(harness: TFlowHarness, user: TgUser, act: () => Promise<void>): Promise<string[]> {
  const before = (await texts(harness, user)).length;
  await act();
  return (await texts(harness, user)).slice(before);
}

async function republish(flowId: string, doc: TFlowDocument) {
  const { draftRevision } = await db().flow.findUniqueOrThrow({ where: { id: flowId }, select: { draftRevision: true } });
  await saveDraft(flowId, { draft: doc, baseRevision: draftRevision });
  return publishFlow(flowId, null);
}

describe("trigger precedence", () => {
  beforeAll(async () => {
    // Published in the order least specific first: precedence must not depend on it.
    await publish(h, "Welcome", commandReply("start", "plain welcome"));
    await publish(h, "Promo link", flow([node("t1", "deep-link", { payload: "promo" }), node("m1", "send-message", { text: "promo deep link" })], [["t1", "next", "m1"]]));
    await publish(h, "VIP start", commandReply("start", "vip start", { payload: "equals", value: "vip" }));
  });

  it("a deep link beats /start with any payload; a payload match beats /start any", async () => {
    const user = await newUser(h, "Prec");
    expect(await answers(h, user, () => start(h, user))).toEqual(["plain welcome"]);
    expect(await answers(h, user, () => start(h, user, "promo"))).toEqual(["promo deep link"]);
    expect(await answers(h, user, () => start(h, user, "vip"))).toEqual(["vip start"]);
    expect(await answers(h, user, () => start(h, user, "something_else"))).toEqual(["plain welcome"]);
  });

  it("for any command, a payload match beats the same command with any payload, in another flow", async () => {
    await publish(h, "FAQ", commandReply("faq", "all questions"));
    await publish(h, "FAQ billing", commandReply("faq", "billing questions", { payload: "equals", value: "billing" }));
    const user = await newUser(h, "Faq");
    await start(h, user);
    expect(await answers(h, user, () => send(h, user, "/faq billing"))).toEqual(["billing questions"]);
    expect(await answers(h, user, () => send(h, user, "/faq"))).toEqual(["all questions"]);
    expect(await answers(h, user, () => send(h, user, "/faq shipping"))).toEqual(["all questions"]);
  });

  it("what no flow handles still gets the built-in answers: /help, /menu and its buttons", async () => {
    const user = await newUser(h, "Dflt");
    await start(h, user);
    expect(await answers(h, user, () => send(h, user, "/help"))).toEqual(["Use the menu below or write your question."]);
    expect(await answers(h, user, () => send(h, user, "/menu"))).toEqual(["What would you like to see?"]);
    expect(await answers(h, user, () => press(h, user, "📰 News"))).toEqual(["No news today: we will message you when something new arrives."]);
    expect(await answers(h, user, () => send(h, user, "just chatting"))).toEqual([]);
  });
});

describe("branching", () => {
  beforeAll(async () => {
    await publish(
      h,
      "Quiz",
      flow(
        [
          node("t1", "command", { command: "quiz" }),
          node("menu", "send-menu", {
            text: "Your level?",
            options: [
              { id: "beg", label: "Beginner" },
              { id: "pro", label: "Pro" },
              { id: "skip", label: "Skip" },
            ],
          }),
          node("vet", "condition", { check: { kind: "tag", tag: "Veteran" } }),
          node("lvl", "condition", { check: { kind: "attribute", key: "level", op: "gt", value: "3" } }),
          node("mVet", "send-message", { text: "welcome back, veteran" }),
          node("mAhead", "send-message", { text: "skip ahead to level {attr.level}" }),
          node("mStart", "send-message", { text: "start at lesson 1" }),
          node("tagPro", "add-tag", { tag: "Pro" }),
          node("mPro", "send-message", { text: "pro track" }),
          node("mSkip", "send-message", { text: "maybe later" }),
        ],
        [
          ["t1", "next", "menu"],
          ["menu", "opt-beg", "vet"],
          ["menu", "opt-pro", "tagPro"],
          ["menu", "opt-skip", "mSkip"],
          ["vet", "yes", "mVet"],
          ["vet", "no", "lvl"],
          ["lvl", "yes", "mAhead"],
          ["lvl", "no", "mStart"],
          ["tagPro", "next", "mPro"],
        ],
      ),
    );
    await publish(h, "Make veteran", flow([node("t1", "command", { command: "veteran" }), node("a", "add-tag", { tag: "Veteran" })], [["t1", "next", "a"]]));
  });

  it("each menu option goes its own way", async () => {
    const user = await newUser(h, "Menu");
    await start(h, user);
    await send(h, user, "/quiz");
    expect(await answers(h, user, () => press(h, user, "Pro"))).toEqual(["pro track"]);
    expect((await userRow(h, user)).tags.map((t) => t.tag.name)).toEqual(["Pro"]);
    expect(await answers(h, user, () => press(h, user, "Skip"))).toEqual(["maybe later"]);
  });

  it("nested conditions: tag first, then the attribute", async () => {
    const fresh = await newUser(h, "Fresh");
    await start(h, fresh);
    await send(h, fresh, "/quiz");
    expect(await answers(h, fresh, () => press(h, fresh, "Beginner"))).toEqual(["start at lesson 1"]);

    const skilled = await newUser(h, "Skill");
    await start(h, skilled);
    await db().telegramUser.update({ where: { id: (await userRow(h, skilled)).id }, data: { attributes: { level: 5 } } });
    await send(h, skilled, "/quiz");
    expect(await answers(h, skilled, () => press(h, skilled, "Beginner"))).toEqual(["skip ahead to level 5"]);

    await send(h, skilled, "/veteran");
    await send(h, skilled, "/quiz");
    expect(await answers(h, skilled, () => press(h, skilled, "Beginner"))).toEqual(["welcome back, veteran"]);
  });
});

describe("republishing while users are in the middle of the old version", () => {
  const survey = (v: string) =>
    flow(
      [
        node("tq", "command", { command: "survey" }),
        node("q", "ask-question", { text: `${v}: your name?`, attribute: "name", validate: "text" }),
        node("qDone", "send-message", { text: `${v}: thanks, {attr.name}` }),
        node("tm", "command", { command: "pick" }),
        node("menu", "send-menu", { text: `${v}: pick one`, options: [{ id: "go", label: "Go" }] }),
        node("mGo", "send-message", { text: `${v}: went` }),
        node("td", "command", { command: "later" }),
        node("d", "delay", { amount: 1, unit: "hours" }),
        node("dDone", "send-message", { text: `${v}: an hour later` }),
      ],
      [
        ["tq", "next", "q"],
        ["q", "next", "qDone"],
        ["tm", "next", "menu"],
        ["menu", "opt-go", "mGo"],
        ["td", "next", "d"],
        ["d", "next", "dDone"],
      ],
    );

  it("a question, a menu and a delay of version 1 all finish in version 1; newcomers get version 2", async () => {
    const f = await publish(h, "Survey", survey("v1"));
    const asked = await newUser(h, "Asked");
    const menued = await newUser(h, "Menued");
    const delayed = await newUser(h, "Delayed");
    for (const u of [asked, menued, delayed]) await start(h, u);
    await send(h, asked, "/survey");
    await send(h, menued, "/pick");
    await send(h, delayed, "/later");
    const v1 = (await waitingRun(h, asked)).flowVersionId;

    const published = await republish(f.id, survey("v2"));
    expect(published.version).toBe(2);

    expect(await answers(h, asked, () => send(h, asked, "Ann"))).toEqual(["v1: thanks, Ann"]);
    expect(await answers(h, menued, () => press(h, menued, "Go"))).toEqual(["v1: went"]);
    const run = await waitingRun(h, delayed);
    expect(run.flowVersionId).toBe(v1);
    await makeDue(run.id);
    await resumeDueRun(run.id);
    expect((await texts(h, delayed)).at(-1)).toBe("v1: an hour later");

    const newcomer = await newUser(h, "New");
    await start(h, newcomer);
    expect(await answers(h, newcomer, () => send(h, newcomer, "/survey"))).toEqual(["v2: your name?"]);
    expect((await waitingRun(h, newcomer)).flowVersionId).not.toBe(v1);
  });
});

describe("unpublishing", () => {
  let h2: TFlowHarness;
  beforeAll(async () => {
    h2 = await startFlowHarness("flows_unpublish_bot", { limits: { enabled: false } });
  });
  afterAll(async () => h2?.close());

  it("removes the handlers at once, cancels waiting runs, and old buttons answer that they are no longer active", async () => {
    const f = await publish(
      h2,
      "Temporary",
      flow(
        [
          node("t1", "command", { command: "start" }),
          node("menu", "send-menu", { text: "temporary menu", options: [{ id: "ask", label: "Ask me" }] }),
          node("q", "ask-question", { text: "your email?", attribute: "email", validate: "email" }),
          node("m", "send-message", { text: "got it" }),
        ],
        [
          ["t1", "next", "menu"],
          ["menu", "opt-ask", "q"],
          ["q", "next", "m"],
        ],
      ),
    );
    const waiting = await newUser(h2, "Wait");
    const clicker = await newUser(h2, "Click");
    expect(await answers(h2, waiting, () => start(h2, waiting))).toEqual(["temporary menu"]);
    expect(await answers(h2, waiting, () => press(h2, waiting, "Ask me"))).toEqual(["your email?"]);
    expect(await answers(h2, clicker, () => start(h2, clicker))).toEqual(["temporary menu"]);
    const run = await waitingRun(h2, waiting);

    await unpublishFlow(f.id);

    expect((await runsOf(h2, waiting)).find((r) => r.id === run.id)!.status).toBe("CANCELLED");
    // The answer is not taken as a reply any more (and nothing else answers plain text).
    expect(await answers(h2, waiting, () => send(h2, waiting, "me@example.com"))).toEqual([]);
    expect((await userRow(h2, waiting)).attributes).toEqual({});
    // The next /start gets the built-in answer.
    expect(await answers(h2, waiting, () => start(h2, waiting))).toEqual([`Hi ${waiting.first_name}! What would you like to see?`]);
    // The menu sent before is dead.
    expect(await answers(h2, clicker, () => press(h2, clicker, "Ask me"))).toEqual([]);
    expect((await lastCallbackAnswer(h2, clicker))?.answer?.text).toBe("This button is no longer active.");
  });
});
