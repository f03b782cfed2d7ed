// The starter templates, published as they are, end to end on the emulator: lead capture
// (a command or a deep link → a question → a tag → a day's delay on the same run) and
// support hand-off (a keyword or a command → a menu → answers, or a person in the inbox).
// (Interest selection: smoke.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { resumeDueRun } from "@/lib/flows/resume-due-run";
import type { TgUser } from "@/lib/emulator/types";
import { useTestDatabase } from "../helpers";
import { makeDue, newUser, press, publish, runsOf, send, start, startFlowHarness, texts, userRow, waitingRun, type TFlowHarness } from "./harness";

useTestDatabase();

let h: TFlowHarness;
beforeAll(async () => {
  h = await startFlowHarness("flows_templates_bot", { limits: { enabled: false } });
  await publish(h, "Leads", "lead-capture");
  await publish(h, "Support", "support-handoff");
});
afterAll(async () => h?.close());

async function answers(user: TgUser, act: () => Promise<void>): Promise<string[]> {
  const before = (await texts(h, user)).length;
  await act();
  return (await texts(h, user)).slice(before);
}

describe("lead capture", () => {
  it("asks for the email, tags the lead, and follows up a day later (the question's timeout no longer applies)", async () => {
    const user = await newUser(h, "Lead");
    await start(h, user);
    expect(await answers(user, () => send(h, user, "/lead"))).toEqual(["Leave your email and we will send you the offer."]);
    const question = await waitingRun(h, user);
    expect(question.status).toBe("WAITING_REPLY");

    expect(await answers(user, () => send(h, user, "lead@example.com"))).toEqual(["Thank you! The offer is on its way to lead@example.com."]);
    expect((await userRow(h, user)).tags.map((t) => [t.tag.name, t.appliedByRef])).toEqual([["Lead", "Leads"]]);
    const delay = await waitingRun(h, user);
    expect(delay).toMatchObject({ id: question.id, status: "WAITING_DELAY", nodeId: "n6" });
    expect(delay.waitUntil!.getTime()).toBeGreaterThan(Date.now() + 86_400_000 - 60_000);

    // The question's timeout job, when it fires, finds a delay that is not due yet: nothing happens.
    await resumeDueRun(question.id);
    expect((await waitingRun(h, user)).nodeId).toBe("n6");

    await makeDue(delay.id);
    expect(await answers(user, () => resumeDueRun(delay.id))).toEqual([`Did you get our email, ${user.first_name}? Reply here if you have any question.`]);
    expect((await runsOf(h, user)).map((r) => r.status)).toEqual(["DONE"]);
  });

  it("starts from the deep link too, and takes the timeout branch when nobody answers", async () => {
    const user = await newUser(h, "Link");
    expect(await answers(user, () => start(h, user, "lead"))).toEqual(["Leave your email and we will send you the offer."]);
    const run = await waitingRun(h, user);
    await makeDue(run.id);
    expect(await answers(user, () => resumeDueRun(run.id))).toEqual(["No rush: send /lead whenever you are ready."]);
  });
});

describe("support hand-off", () => {
  it("“help” opens the menu; the FAQ answers; “Talk to a person” tags and hands the chat to the inbox", async () => {
    const user = await newUser(h, "Sup");
    await start(h, user);
    expect(await answers(user, () => send(h, user, "Help me please"))).toEqual(["How can we help?"]);
    expect(await answers(user, () => press(h, user, "Delivery times"))).toEqual(["We deliver in 2–4 working days."]);
    expect(await answers(user, () => press(h, user, "Talk to a person"))).toEqual(["A member of our team will reply here shortly."]);
    expect((await userRow(h, user)).tags.map((t) => t.tag.name)).toEqual(["Needs follow-up"]);
    const conversation = await db().conversation.findUniqueOrThrow({ where: { botId_chatId: { botId: h.botId, chatId: BigInt(user.id) } } });
    expect(conversation.handoffAt).not.toBeNull();
    expect(await answers(user, () => send(h, user, "/support"))).toEqual(["How can we help?"]);
  });
});
