import { defineRuntime } from "../../runtime/types";
import { sendHtml, setAttribute } from "../../runtime/effects";
import { askQuestion, validateAnswer } from "./definition";

export const askQuestionRuntime = defineRuntime(askQuestion, {
  async run(d, _node, ctx) {
    await sendHtml(ctx, d.text);
    return { waitReply: { tries: 0 }, timeoutAt: d.timeoutMinutes > 0 ? new Date(ctx.now().getTime() + d.timeoutMinutes * 60_000) : null };
  },
  async resume(d, _node, ctx, input, waiting) {
    if (input.kind === "timeout") return { next: "timeout" };
    const value = validateAnswer(d.validate, input.text);
    if (value === null) {
      await sendHtml(ctx, d.retryText);
      // The timeout (if any) still counts from the question.
      return { waitReply: { tries: waiting.tries + 1 }, timeoutAt: null };
    }
    await setAttribute(ctx, d.attribute, value);
    return { next: "next" };
  },
});
