// Data and logic nodes against the emulator: add/remove tag (recorded as applied by the
// flow, with events), set-attribute (typed values), condition (tag, attribute, lifecycle
// stage → yes/no), random split (injected randomness, and real randomness over many users).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { resumeDueRun } from "@/lib/flows/resume-due-run";
import { flow, node } from "@/tests/support/flow-document";
import { useTestDatabase } from "../helpers";
import { events, makeDue, newUser, publish, runFlowDirect, send, start, startFlowHarness, texts, userRow, waitingRun, type TFlowHarness } from "./harness";

useTestDatabase();

let h: TFlowHarness;
beforeAll(async () => {
  h = await startFlowHarness("flows_data_bot", { limits: { enabled: false } });
});
afterAll(async () => h?.close());

/** `/<command>` → the given steps in a row. */
const chain = (command: string, steps: ReturnType<typeof node>[]) =>
  flow(
    [node("t1", "command", { command }), ...steps],
    [["t1", "next", steps[0]!.id] as [string, string, string], ...steps.slice(1).map((s, i): [string, string, string] => [steps[i]!.id, "next", s.id])],
  );

/** `/<command>` → condition → "yes" / "no". */
const branch = (command: string, check: Record<string, unknown>) =>
  flow(
    [node("t1", "command", { command }), node("c", "condition", { check }), node("y", "send-message", { text: "yes" }), node("n", "send-message", { text: "no" })],
    [
      ["t1", "next", "c"],
      ["c", "yes", "y"],
      ["c", "no", "n"],
    ],
  );

describe("add-tag / remove-tag", () => {
  beforeAll(async () => {
    await db().tag.create({ data: { name: "VIP", color: "gray" } });
    await publish(h, "Tagger", chain("vip", [node("a1", "add-tag", { tag: "vip" }), node("a2", "add-tag", { tag: "Newsletter" }), node("m", "send-message", { text: "tagged" })]));
    await publish(h, "Untagger", chain("unvip", [node("r1", "remove-tag", { tag: "VIP" }), node("r2", "remove-tag", { tag: "Never-existed" }), node("m", "send-message", { text: "untagged" })]));
  });

  it("tags the user as applied by the flow (an existing tag by any case, a new tag created), with tag_added events", async () => {
    const user = await newUser(h, "Tia");
    await start(h, user);
    await send(h, user, "/vip");
    const row = await userRow(h, user);
    expect(row.tags.map((t) => [t.tag.name, t.appliedVia, t.appliedByRef]).sort()).toEqual([
      ["Newsletter", "FLOW", "Tagger"],
      ["VIP", "FLOW", "Tagger"],
    ]);
    expect(await db().tag.count({ where: { name: { equals: "vip", mode: "insensitive" } } })).toBe(1);
    const added = await events(h, user, "tag_added");
    expect(added.map((e) => e.properties)).toEqual([
      expect.objectContaining({ tag: "VIP", via: "flow", flow: "Tagger" }),
      expect.objectContaining({ tag: "Newsletter", via: "flow", flow: "Tagger" }),
    ]);
    const inbox = await db().inboxEvent.findMany({ where: { kind: "tags.changed" }, select: { payload: true } });
    expect(inbox.map((e) => (e.payload as { by: string }).by)).toContain("Flow “Tagger”");

    // Tagging again changes nothing and writes no second event.
    await send(h, user, "/vip");
    expect((await userRow(h, user)).tags).toHaveLength(2);
    expect(await events(h, user, "tag_added")).toHaveLength(2);
  });

  it("a tag name is matched as a name, not as a pattern (_ and % are ordinary characters)", async () => {
    await db().tag.createMany({ data: [{ name: "Plan-A", color: "gray" }, { name: "Promo 50 off", color: "gray" }] });
    await publish(h, "Patterns", chain("patterns", [node("p1", "add-tag", { tag: "Plan_A" }), node("p2", "remove-tag", { tag: "%" }), node("m", "send-message", { text: "done" })]));
    const user = await newUser(h, "Pat");
    await start(h, user);
    await db().userTag.create({ data: { telegramUserId: (await userRow(h, user)).id, tagId: (await db().tag.findUniqueOrThrow({ where: { name: "Promo 50 off" } })).id, appliedVia: "AGENT" } });
    await send(h, user, "/patterns");
    expect((await userRow(h, user)).tags.map((t) => t.tag.name).sort()).toEqual(["Plan_A", "Promo 50 off"]);
    expect(await events(h, user, "tag_removed")).toEqual([]);
  });

  it("removes a tag the user has (tag_removed), and does nothing for one they do not have", async () => {
    const user = await newUser(h, "Rex");
    await start(h, user);
    await send(h, user, "/vip");
    await send(h, user, "/unvip");
    expect((await texts(h, user)).at(-1)).toBe("untagged");
    expect((await userRow(h, user)).tags.map((t) => t.tag.name)).toEqual(["Newsletter"]);
    expect((await events(h, user, "tag_removed")).map((e) => e.properties)).toEqual([expect.objectContaining({ tag: "VIP", via: "flow", flow: "Untagger" })]);
    expect(await db().tag.count({ where: { name: "Never-existed" } })).toBe(0);
    await send(h, user, "/unvip");
    expect(await events(h, user, "tag_removed")).toHaveLength(1);
  });
});

describe("set-attribute", () => {
  it("stores typed values (text from tokens, number, yes/no, date) and later steps see them", async () => {
    await publish(
      h,
      "Profile",
      chain("profile", [
        node("s1", "set-attribute", { key: "greeting", value: "{first_name} from {attr.city|nowhere}", valueType: "text" }),
        node("s2", "set-attribute", { key: "score", value: "42", valueType: "number" }),
        node("s3", "set-attribute", { key: "subscribed", value: "yes", valueType: "boolean" }),
        node("s4", "set-attribute", { key: "renews", value: "2026-12-31", valueType: "date" }),
        node("s5", "set-attribute", { key: "bad_number", value: "{attr.city}", valueType: "number" }),
        node("m", "send-message", { text: "{attr.greeting}: {attr.score} {attr.subscribed}" }),
      ]),
    );
    const user = await newUser(h, "Sol");
    await start(h, user);
    const { id } = await userRow(h, user);
    await db().telegramUser.update({ where: { id }, data: { attributes: { city: "Porto", keep: "me" } } });
    await send(h, user, "/profile");
    expect((await userRow(h, user)).attributes).toEqual({
      city: "Porto",
      keep: "me",
      greeting: `${user.first_name} from Porto`,
      score: 42,
      subscribed: true,
      renews: "2026-12-31T00:00:00.000Z",
      bad_number: null,
    });
    expect((await texts(h, user)).at(-1)).toBe(`${user.first_name} from Porto: 42 true`);
  });
});

describe("condition", () => {
  beforeAll(async () => {
    await publish(h, "Is VIP", branch("isvip", { kind: "tag", tag: "vip" }));
    await publish(h, "Not VIP", branch("notvip", { kind: "tag", tag: "VIP", has: false }));
    await publish(h, "Gold plan", branch("gold", { kind: "attribute", key: "plan", op: "eq", value: "Gold" }));
    await publish(h, "Big spender", branch("big", { kind: "attribute", key: "spent", op: "gt", value: "100" }));
    await publish(h, "Newcomer", branch("newbie", { kind: "lifecycle", stages: ["new"] }));
  });

  it("on a tag (any case), and its negation", async () => {
    const user = await newUser(h, "Cal");
    await start(h, user);
    await send(h, user, "/isvip");
    await send(h, user, "/notvip");
    expect((await texts(h, user)).slice(-2)).toEqual(["no", "yes"]);
    await send(h, user, "/vip");
    await send(h, user, "/isvip");
    await send(h, user, "/notvip");
    expect((await texts(h, user)).slice(-2)).toEqual(["yes", "no"]);
  });

  it("on an attribute: text equality ignores case, numbers compare as numbers, a missing attribute is “no”", async () => {
    const user = await newUser(h, "Ada");
    await start(h, user);
    await send(h, user, "/gold");
    await send(h, user, "/big");
    expect((await texts(h, user)).slice(-2)).toEqual(["no", "no"]);
    const { id } = await userRow(h, user);
    await db().telegramUser.update({ where: { id }, data: { attributes: { plan: "gold", spent: 250 } } });
    await send(h, user, "/gold");
    await send(h, user, "/big");
    expect((await texts(h, user)).slice(-2)).toEqual(["yes", "yes"]);
    await db().telegramUser.update({ where: { id }, data: { attributes: { plan: "silver", spent: "99.5" } } });
    await send(h, user, "/gold");
    await send(h, user, "/big");
    expect((await texts(h, user)).slice(-2)).toEqual(["no", "no"]);
  });

  it("on the lifecycle stage: a first-time user is new; one seen for weeks is not", async () => {
    const fresh = await newUser(h, "Neo");
    await start(h, fresh);
    await send(h, fresh, "/newbie");
    expect((await texts(h, fresh)).at(-1)).toBe("yes");

    const old = await newUser(h, "Old");
    await start(h, old);
    const { id } = await userRow(h, old);
    await db().telegramUser.update({ where: { id }, data: { firstSeenAt: new Date(Date.now() - 40 * 86_400_000) } });
    await send(h, old, "/newbie");
    expect((await texts(h, old)).at(-1)).toBe("no");
  });

  it("on the lifecycle stage after a delay: a user who went quiet is dormant when the flow resumes", async () => {
    await publish(
      h,
      "Win back",
      flow(
        [
          node("t1", "command", { command: "winback" }),
          node("d", "delay", { amount: 10, unit: "days" }),
          node("c", "condition", { check: { kind: "lifecycle", stages: ["dormant", "churned"] } }),
          node("y", "send-message", { text: "We miss you!" }),
          node("n", "send-message", { text: "Good to see you." }),
        ],
        [
          ["t1", "next", "d"],
          ["d", "next", "c"],
          ["c", "yes", "y"],
          ["c", "no", "n"],
        ],
      ),
    );
    const quiet = await newUser(h, "Quiet");
    await start(h, quiet);
    await send(h, quiet, "/winback");
    const { id } = await userRow(h, quiet);
    // Ten days pass without a word from the user.
    const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000);
    await db().telegramUser.update({ where: { id }, data: { firstSeenAt: tenDaysAgo, lastSeenAt: tenDaysAgo } });
    const run = await waitingRun(h, quiet);
    await makeDue(run.id);
    await resumeDueRun(run.id);
    expect((await texts(h, quiet)).at(-1)).toBe("We miss you!");

    const chatty = await newUser(h, "Chatty");
    await start(h, chatty);
    await send(h, chatty, "/winback");
    const chattyRun = await waitingRun(h, chatty);
    await db().telegramUser.update({ where: { id: (await userRow(h, chatty)).id }, data: { firstSeenAt: tenDaysAgo } });
    await makeDue(chattyRun.id);
    await resumeDueRun(chattyRun.id);
    expect((await texts(h, chatty)).at(-1)).toBe("Good to see you.");
  });

  it("on the lifecycle stage with the engine's clock injected: new → active → dormant → churned", async () => {
    const doc = flow(
      [
        node("t1", "command", { command: "stage" }),
        node("isNew", "condition", { check: { kind: "lifecycle", stages: ["new"] } }),
        node("isActive", "condition", { check: { kind: "lifecycle", stages: ["active"] } }),
        node("isDormant", "condition", { check: { kind: "lifecycle", stages: ["dormant"] } }),
        node("mNew", "send-message", { text: "new" }),
        node("mActive", "send-message", { text: "active" }),
        node("mDormant", "send-message", { text: "dormant" }),
        node("mChurned", "send-message", { text: "churned" }),
      ],
      [
        ["t1", "next", "isNew"],
        ["isNew", "yes", "mNew"],
        ["isNew", "no", "isActive"],
        ["isActive", "yes", "mActive"],
        ["isActive", "no", "isDormant"],
        ["isDormant", "yes", "mDormant"],
        ["isDormant", "no", "mChurned"],
      ],
    );
    const f = await publish(h, "Stage", doc);
    const user = await newUser(h, "Time");
    await start(h, user);
    const day = 86_400_000;
    for (const [days, stage] of [
      [0, "new"],
      [5, "active"],
      [15, "dormant"],
      [45, "churned"],
    ] as const) {
      await runFlowDirect(h, f.id, user, { now: () => new Date(Date.now() + days * day) });
      expect((await texts(h, user)).at(-1), `${days} days later`).toBe(stage);
    }
  });
});

describe("random-split", () => {
  let flowId = "";
  beforeAll(async () => {
    const f = await publish(
      h,
      "A/B",
      flow(
        [
          node("t1", "command", { command: "ab" }),
          node("split", "random-split", {
            branches: [
              { id: "a", label: "A", percent: 30 },
              { id: "b", label: "B", percent: 70 },
            ],
          }),
          node("ma", "send-message", { text: "variant A" }),
          node("mb", "send-message", { text: "variant B" }),
        ],
        [
          ["t1", "next", "split"],
          ["split", "b-a", "ma"],
          ["split", "b-b", "mb"],
        ],
      ),
    );
    flowId = f.id;
  });

  it("takes the branch the (injected) random number falls in", async () => {
    const user = await newUser(h, "Rand");
    await start(h, user);
    for (const [r, expected] of [
      [0, "variant A"],
      [0.29, "variant A"],
      [0.3, "variant B"],
      [0.99, "variant B"],
    ] as const) {
      await runFlowDirect(h, flowId, user, { random: () => r });
      expect((await texts(h, user)).at(-1), `r = ${r}`).toBe(expected);
    }
  });

  it("sends real users down both branches", async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 24; i++) {
      const user = await newUser(h, "Split");
      await start(h, user);
      await send(h, user, "/ab");
      seen.add((await texts(h, user)).at(-1)!);
    }
    // Each branch is missed by all 24 users with probability 0.7^24 (≈ 0.02%) or 0.3^24.
    expect([...seen].sort()).toEqual(["variant A", "variant B"]);
  });
});
