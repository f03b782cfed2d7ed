import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers";
import { db } from "@/lib/db/client";
import { newUser, press, publish, start, startFlowHarness, texts, userRow, type TFlowHarness } from "./harness";

useTestDatabase();

let h: TFlowHarness;
beforeAll(async () => {
  h = await startFlowHarness();
});
afterAll(async () => h?.close());

describe("interest selection template", () => {
  it("/start → menu → Tech → tag Interest-Tech applied by the flow, and thanks", async () => {
    await publish(h, "Interests", "interest-selection");
    const user = await newUser(h);
    await start(h, user);
    expect((await texts(h, user)).at(-1)).toContain("What are you interested in?");
    await press(h, user, "Tech");
    const row = await userRow(h, user);
    expect(row.tags.map((t) => [t.tag.name, t.appliedVia, t.appliedByRef])).toEqual([["Interest-Tech", "FLOW", "Interests"]]);
    expect((await texts(h, user)).at(-1)).toBe("Thanks! We will send you news about Tech.");
    // The inbox keeps what the user saw, not the HTML source.
    const last = await db().message.findFirstOrThrow({ where: { direction: "OUT", conversation: { telegramUserId: row.id } }, orderBy: { createdAt: "desc" } });
    expect(last.text).toBe("Thanks! We will send you news about Tech.");
  });
});
