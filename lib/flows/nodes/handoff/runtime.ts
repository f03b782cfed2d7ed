import { db } from "../../../db/client";
import { requestHandoff } from "../../../inbox/handoff";
import { defineRuntime } from "../../runtime/types";
import { sendHtml } from "../../runtime/effects";
import { handoff } from "./definition";

export const handoffRuntime = defineRuntime(handoff, {
  async run(d, _node, ctx) {
    await db().$transaction(async (tx) => {
      const conversation = await tx.conversation.upsert({
        where: { botId_chatId: { botId: ctx.botId, chatId: BigInt(ctx.chatId) } },
        create: { botId: ctx.botId, chatId: BigInt(ctx.chatId), telegramUserId: ctx.user.id },
        update: {},
        select: { id: true },
      });
      await requestHandoff(tx, conversation.id, `flow “${ctx.version.flowName}”`);
    });
    if (d.text.trim() !== "") await sendHtml(ctx, d.text);
    return { next: "next" };
  },
});
