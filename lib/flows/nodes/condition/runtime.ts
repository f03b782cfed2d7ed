import { db } from "../../../db/client";
import { getLifecycleSettings, lifecycleStage } from "../../../segments/lifecycle";
import { defineRuntime } from "../../runtime/types";
import { compareAttribute, condition } from "./definition";

export const conditionRuntime = defineRuntime(condition, {
  async run({ check }, _node, ctx) {
    let yes: boolean;
    if (check.kind === "tag") {
      const rows = await db().$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM "UserTag" ut JOIN "Tag" t ON t."id" = ut."tagId"
        WHERE ut."telegramUserId" = ${ctx.user.id} AND lower(t."name") = lower(${check.tag})`;
      yes = (rows[0]?.n ?? 0) > 0 === check.has;
    } else if (check.kind === "attribute") {
      yes = compareAttribute(ctx.user.attributes[check.key], check.op, check.value);
    } else {
      const stage = lifecycleStage(ctx.user, ctx.now(), await getLifecycleSettings());
      yes = check.stages.includes(stage);
    }
    return { next: yes ? "yes" : "no" };
  },
});
