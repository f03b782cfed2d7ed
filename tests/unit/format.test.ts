import { describe, expect, it } from "vitest";
import { hasFormatting, parseFormatting, toTelegramHtml, visibleText } from "@/lib/inbox/format";

describe("composer formatting", () => {
  it("turns **bold**, __italic__, `code` and [links](https://…) into Telegram HTML", () => {
    expect(toTelegramHtml("Hi **Ann**, see __this__ `code` and [our shop](https://shop.example/a?b=1&c=2)")).toBe(
      'Hi <b>Ann</b>, see <i>this</i> <code>code</code> and <a href="https://shop.example/a?b=1&amp;c=2">our shop</a>',
    );
  });

  it("escapes everything else, so any text is valid HTML for Telegram", () => {
    expect(toTelegramHtml("1 < 2 && 3 > 2 <b>not bold</b>")).toBe("1 &lt; 2 &amp;&amp; 3 &gt; 2 &lt;b&gt;not bold&lt;/b&gt;");
    expect(toTelegramHtml("**a<b**")).toBe("<b>a&lt;b</b>");
  });

  it("leaves unfinished or unsafe markup as plain text", () => {
    expect(parseFormatting("**not closed")).toEqual([{ type: "text", text: "**not closed" }]);
    expect(toTelegramHtml("[x](javascript:alert(1))")).toBe("[x](javascript:alert(1))");
    expect(hasFormatting("snake_case and 2*3*4")).toBe(false);
  });

  it("counts what the user will read", () => {
    expect(visibleText("**Hello** [there](https://t.me)")).toBe("Hello there");
  });
});
