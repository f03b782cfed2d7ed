import { InlineKeyboard } from "grammy";
import { defineRuntime } from "../../runtime/types";
import { sendHtml } from "../../runtime/effects";
import { optionOutput, sendMenu } from "./definition";

export const sendMenuRuntime = defineRuntime(sendMenu, {
  async run(d, node, ctx) {
    const keyboard = new InlineKeyboard();
    d.options.forEach((o, i) => {
      if (i > 0 && i % d.columns === 0) keyboard.row();
      keyboard.text(o.label, ctx.callbackData(node.id, optionOutput(o.id)));
    });
    await sendHtml(ctx, d.text, keyboard);
    return { waitClick: true };
  },
});
