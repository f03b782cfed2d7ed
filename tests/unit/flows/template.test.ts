// Personalisation tokens: values, fallbacks, escaping of values only, unknown tokens.
import { describe, expect, it } from "vitest";
import { escapeHtml, renderTemplate, templateProblems, templateTokens, type TTemplateUser } from "@/lib/flows/template";

const user = (extra: Partial<TTemplateUser> = {}): TTemplateUser => ({
  firstName: "Ana",
  lastName: null,
  username: "ana_b",
  languageCode: "pt",
  telegramId: 424242n,
  attributes: { city: "Lisbon", score: 7, vip: true, empty: "", none: null, nested: { a: 1 } },
  ...extra,
});

describe("renderTemplate", () => {
  it("fills user fields and attributes", () => {
    expect(renderTemplate("{first_name} @{username} ({language}, {telegram_id}) from {attr.city}", user())).toBe("Ana @ana_b (pt, 424242) from Lisbon");
    expect(renderTemplate("{attr.score} {attr.vip} {attr.nested}", user())).toBe('7 true {"a":1}');
  });

  it("uses the fallback when the value is missing or empty, else nothing", () => {
    expect(renderTemplate("Hi {last_name|there}", user())).toBe("Hi there");
    expect(renderTemplate("{attr.missing|somewhere}/{attr.empty|blank}/{attr.none|nil}", user())).toBe("somewhere/blank/nil");
    expect(renderTemplate("[{attr.missing}][{last_name}]", user())).toBe("[][]");
    expect(renderTemplate("Hi {first_name|friend}", user())).toBe("Hi Ana");
    expect(renderTemplate("{last_name|}", user())).toBe("");
  });

  it("escapes substituted values only, never the template's own markup", () => {
    const evil = user({ firstName: '<b>Bob</b> & "co"', attributes: { note: "1 < 2" } });
    expect(renderTemplate("<i>{first_name}</i>: {attr.note}", evil, escapeHtml)).toBe("<i>&lt;b&gt;Bob&lt;/b&gt; &amp; &quot;co&quot;</i>: 1 &lt; 2");
    expect(renderTemplate("https://x.test/u?name={first_name}", user({ firstName: "A B&C" }), encodeURIComponent)).toBe("https://x.test/u?name=A%20B%26C");
  });

  it("{{ is a literal brace; text that is not a token stays as it is", () => {
    expect(renderTemplate("{{first_name} {First_Name} {not a token} {}", user())).toBe("{first_name} {First_Name} {not a token} {}");
  });

  it("an unknown token renders as its fallback or nothing", () => {
    expect(renderTemplate("[{frist_name}][{frist_name|x}]", user())).toBe("[][x]");
  });
});

describe("templateTokens / templateProblems", () => {
  it("lists tokens with their fallbacks, skipping {{", () => {
    expect(templateTokens("{{ {first_name|friend} and {attr.city}")).toEqual([
      { name: "first_name", fallback: "friend", index: 3 },
      { name: "attr.city", fallback: null, index: 27 },
    ]);
  });

  it("reports unknown tokens and names the ones that exist", () => {
    const [problem, ...rest] = templateProblems("Hi {frist_name|x}, {first_name}, {attr.ok_key}");
    expect(rest).toEqual([]);
    expect(problem).toContain("unknown token {frist_name}");
    expect(problem).toContain("{first_name}");
    expect(problem).toContain("{attr.<key>}");
  });

  it("reports attribute keys that cannot exist", () => {
    expect(templateProblems("{attr.9lives}")).toEqual(["{attr.9lives}: attribute keys are letters, digits and _"]);
  });
});
