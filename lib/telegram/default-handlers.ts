// The bot's built-in behaviour until a published flow takes over a command:
// a welcome menu, help, and answers to its buttons. Real grammY handlers.
import { Composer, InlineKeyboard, type Context } from "grammy";

/** callback_data of the "Talk to a human" button: opens the conversation for an agent. */
export const HANDOFF_BUTTON = "menu:human";

export const WELCOME_MENU = new InlineKeyboard()
  .text("🛍 Products", "menu:products")
  .text("📰 News", "menu:news")
  .row()
  .text("❓ Help", "menu:help")
  .text("👤 Talk to a human", "menu:human");

const ANSWERS: Record<string, string> = {
  "menu:products": "Here is what we offer this week. Tap a button any time to see more.",
  "menu:news": "No news today: we will message you when something new arrives.",
  "menu:help": "Send /menu to see the options again, or just write to us.",
  "menu:human": "A member of our team will reply here shortly.",
};

export function defaultHandlers(): Composer<Context> {
  const c = new Composer<Context>();
  c.command("start", (ctx) =>
    ctx.reply(`Hi ${ctx.from?.first_name ?? "there"}! What would you like to see?`, { reply_markup: WELCOME_MENU }),
  );
  c.command("menu", (ctx) => ctx.reply("What would you like to see?", { reply_markup: WELCOME_MENU }));
  c.command("help", (ctx) => ctx.reply("Use the menu below or write your question.", { reply_markup: WELCOME_MENU }));
  c.on("callback_query:data", async (ctx) => {
    await ctx.answerCallbackQuery();
    const answer = ANSWERS[ctx.callbackQuery.data];
    if (answer) await ctx.reply(answer);
  });
  return c;
}
