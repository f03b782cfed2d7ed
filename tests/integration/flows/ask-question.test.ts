// Acceptance 3 of issue #4 — the ask-question node: an invalid email is re-asked (the
// run still waits); a valid one is stored in the attribute and shows on the user's
// profile; no answer in time takes the timeout branch. Also: other validations, what a
// command does to a waiting question, and answers that come too late.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { getUserProfile } from "@/lib/users/get-user-profile";
import { resumeDueRun } from "@/lib/flows/resume-due-run";
import { flow, node } from "@/tests/support/flow-document";
import type { TgUser } from "@/lib/emulator/types";
import { useTestDatabase } from "../helpers";
import { makeDue, newUser, publish, runsOf, send, start, startFlowHarness, texts, userRow, waitingRun, type TFlowHarness } from "./harness";

useTestDatabase();

let h: TFlowHarness;
beforeAll(async () => {
  h = await startFlowHarness("flows_question_bot", { limits: { enabled: false } });
  await publish(
    h,
    "Newsletter",
    flow(
      [
        node("t1", "command", { command: "signup" }),
        node("q", "ask-question", { text: "What is your <b>email</b>, {first_name}?", attribute: "email", validate: "email", retryText: "Hmm, that is not an email. Try again?", timeoutMinutes: 30 }),
        node("ok", "send-message", { text: "Thanks! We will write to {attr.email}." }),
        node("late", "send-message", { text: "No answer: send /signup when you are ready." }),
      ],
      [
        ["t1", "next", "q"],
        ["q", "next", "ok"],
        ["q", "timeout", "late"],
      ],
    ),
  );
  await publish(
    h,
    "Details",
    flow(
      [
        node("t1", "command", { command: "details" }),
        node("qAge", "ask-question", { text: "Your age?", attribute: "age", validate: "number", retryText: "A number, please." }),
        node("qPhone", "ask-question", { text: "Your phone?", attribute: "phone", validate: "phone", retryText: "A phone number, please." }),
        node("qNote", "ask-question", { text: "Anything else?", attribute: "note", validate: "text" }),
        node("done", "send-message", { text: "age {attr.age}, phone {attr.phone}, note {attr.note}" }),
      ],
      [
        ["t1", "next", "qAge"],
        ["qAge", "next", "qPhone"],
        ["qPhone", "next", "qNote"],
        ["qNote", "next", "done"],
      ],
    ),
  );
});
afterAll(async () => h?.close());

async function answers(user: TgUser, act: () => Promise<void>): Promise<string[]> {
  const before = (await texts(h, user)).length;
  await act();
  return (await texts(h, user)).slice(before);
}

describe("ask-question: email (acceptance 3)", () => {
  it("an invalid email is re-asked and the question still waits; a valid one is stored and shows on the profile", async () => {
    const user = await newUser(h, "Mail");
    await start(h, user);
    expect(await answers(user, () => send(h, user, "/signup"))).toEqual([`What is your email, ${user.first_name}?`]);
    const asked = await waitingRun(h, user);
    expect(asked).toMatchObject({ status: "WAITING_REPLY", nodeId: "q", waiting: { tries: 0 } });

    expect(await answers(user, () => send(h, user, "my email is ana at example"))).toEqual(["Hmm, that is not an email. Try again?"]);
    const retried = await waitingRun(h, user);
    expect(retried).toMatchObject({ id: asked.id, status: "WAITING_REPLY", nodeId: "q", waiting: { tries: 1 } });
    // The time to answer still counts from the question.
    expect(retried.waitUntil).toEqual(asked.waitUntil);
    expect((await userRow(h, user)).attributes).toEqual({});

    expect(await answers(user, () => send(h, user, "ana@example"))).toEqual(["Hmm, that is not an email. Try again?"]);
    expect(await answers(user, () => send(h, user, " Ana.Silva@Example.com "))).toEqual(["Thanks! We will write to ana.silva@example.com."]);
    expect((await runsOf(h, user)).map((r) => r.status)).toEqual(["DONE"]);

    const profile = await getUserProfile((await userRow(h, user)).id);
    expect(profile.attributes).toEqual({ email: "ana.silva@example.com" });
  });

  it("no answer in time: the timeout branch runs (once), and a late answer is not taken", async () => {
    const user = await newUser(h, "Slow");
    await start(h, user);
    const t0 = Date.now();
    await send(h, user, "/signup");
    const run = await waitingRun(h, user);
    expect(run.waitUntil!.getTime()).toBeGreaterThanOrEqual(t0 + 30 * 60_000 - 1000);
    expect(run.waitUntil!.getTime()).toBeLessThanOrEqual(Date.now() + 30 * 60_000 + 1000);

    // Before it is due, a resume job changes nothing.
    await resumeDueRun(run.id);
    expect((await waitingRun(h, user)).status).toBe("WAITING_REPLY");

    await makeDue(run.id);
    expect(await answers(user, () => resumeDueRun(run.id))).toEqual(["No answer: send /signup when you are ready."]);
    expect(await answers(user, () => resumeDueRun(run.id))).toEqual([]);
    expect((await runsOf(h, user)).map((r) => r.status)).toEqual(["DONE"]);

    expect(await answers(user, () => send(h, user, "late@example.com"))).toEqual([]);
    expect((await getUserProfile((await userRow(h, user)).id)).attributes).toEqual({});
  });

  it("an answer and the timeout at the same moment: exactly one of them moves the run", async () => {
    const user = await newUser(h, "Tie");
    await start(h, user);
    await send(h, user, "/signup");
    const run = await waitingRun(h, user);
    await makeDue(run.id);
    const sent = await answers(user, () => Promise.all([send(h, user, "tie@example.com"), resumeDueRun(run.id)]).then(() => undefined));
    expect(sent).toHaveLength(1);
    expect(["Thanks! We will write to tie@example.com.", "No answer: send /signup when you are ready."]).toContain(sent[0]);
  });

  it("a command the flows do not handle is answered by the bot, and the question keeps waiting; a flow's command replaces it", async () => {
    const user = await newUser(h, "Cmd");
    await start(h, user);
    await send(h, user, "/signup");
    expect(await answers(user, () => send(h, user, "/help"))).toEqual(["Use the menu below or write your question."]);
    expect((await waitingRun(h, user)).nodeId).toBe("q");

    await send(h, user, "/details");
    expect((await runsOf(h, user)).map((r) => r.status)).toEqual(["CANCELLED", "WAITING_REPLY"]);
    expect((await waitingRun(h, user)).nodeId).toBe("qAge");
  });
});

describe("ask-question: number, phone and text", () => {
  it("re-asks until each answer fits, stores typed values, and asks the next question", async () => {
    const user = await newUser(h, "Det");
    await start(h, user);
    expect(await answers(user, () => send(h, user, "/details"))).toEqual(["Your age?"]);
    expect(await answers(user, () => send(h, user, "thirty"))).toEqual(["A number, please."]);
    expect(await answers(user, () => send(h, user, "31"))).toEqual(["Your phone?"]);
    expect(await answers(user, () => send(h, user, "call me"))).toEqual(["A phone number, please."]);
    expect(await answers(user, () => send(h, user, "+351 912-345-678"))).toEqual(["Anything else?"]);
    expect(await answers(user, () => send(h, user, "  I like <b>bold</b> & co  "))).toEqual(["age 31, phone +351912345678, note I like <b>bold</b> & co"]);
    const profile = await getUserProfile((await userRow(h, user)).id);
    expect(profile.attributes).toEqual({ age: 31, phone: "+351912345678", note: "I like <b>bold</b> & co" });
    // No timeout: the waits had no deadline and queued no job.
    const jobs = await db().$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'flows.resume' AND data->>'runId' = ${(await runsOf(h, user))[0]!.id}`;
    expect(jobs[0]!.n).toBe(0);
  });
});
