import { InlineKeyboard } from "grammy";
import { defineRuntime } from "../../runtime/types";
import { renderHtml } from "../../runtime/effects";
import { renderTemplate } from "../../template";
import { buttonOutput, sendMessage } from "./definition";

export const sendMessageRuntime = defineRuntime(sendMessage, {
  async run(d, node, ctx) {
    let keyboard: InlineKeyboard | undefined;
    if (d.buttons.length > 0) {
      keyboard = new InlineKeyboard();
      d.buttons.forEach((row, i) => {
        if (i > 0) keyboard!.row();
        for (const b of row) {
          if (b.kind === "url") keyboard!.url(b.text, renderTemplate(b.url, ctx.user, encodeURIComponent));
          else keyboard!.text(b.text, ctx.callbackData(node.id, buttonOutput(b.id)));
        }
      });
    }
    const text = renderHtml(ctx, d.text);
    if (d.photo) {
      await ctx.api.sendPhoto(ctx.chatId, d.photo, { caption: text || undefined, parse_mode: "HTML", reply_markup: keyboard });
    } else {
      await ctx.api.sendMessage(ctx.chatId, text, {
        parse_mode: "HTML",
        reply_markup: keyboard,
        link_preview_options: d.disablePreview ? { is_disabled: true } : undefined,
      });
    }
    return { next: "next" };
  },
});
