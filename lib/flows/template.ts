// Personalisation tokens in texts, URLs and bodies: `{first_name}`, `{first_name|friend}`,
// `{attr.city|your city}`. A token with no value and no fallback renders as "".
// Pure and shared by the editor (validation, preview) and the runtime.

export const USER_FIELDS = ["first_name", "last_name", "username", "language", "telegram_id"] as const;
export type TUserField = (typeof USER_FIELDS)[number];

export type TTemplateUser = {
  firstName: string;
  lastName: string | null;
  username: string | null;
  languageCode: string | null;
  telegramId: bigint | number | string;
  attributes: Record<string, unknown>;
};

/** A user row (attributes as stored: JSON) as templates see it. */
export function templateUser<R extends Omit<TTemplateUser, "attributes"> & { attributes: unknown }>(row: R): Omit<R, "attributes"> & { attributes: Record<string, unknown> } {
  const a = row.attributes;
  return { ...row, attributes: a && typeof a === "object" && !Array.isArray(a) ? (a as Record<string, unknown>) : {} };
}

// `{` name `|` fallback `}`; a name is a user field or attr.<key>. `{{` is a literal brace.
const TOKEN = /\{\{|\{([a-z_]+(?:\.[A-Za-z0-9_]+)?)(?:\|([^{}]*))?\}/g;
const ATTRIBUTE_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export type TTemplateToken = { name: string; fallback: string | null; index: number };

export function templateTokens(template: string): TTemplateToken[] {
  const out: TTemplateToken[] = [];
  for (const m of template.matchAll(TOKEN)) {
    if (m[0] === "{{") continue;
    out.push({ name: m[1]!, fallback: m[2] ?? null, index: m.index });
  }
  return out;
}

/** Problems with a template's tokens, as messages ("unknown token {frist_name}"). */
export function templateProblems(template: string): string[] {
  const problems: string[] = [];
  for (const t of templateTokens(template)) {
    if (t.name.startsWith("attr.")) {
      if (!ATTRIBUTE_KEY.test(t.name.slice(5))) problems.push(`{${t.name}}: attribute keys are letters, digits and _`);
    } else if (!(USER_FIELDS as readonly string[]).includes(t.name)) {
      problems.push(`unknown token {${t.name}} (use ${USER_FIELDS.map((f) => `{${f}}`).join(", ")} or {attr.<key>})`);
    }
  }
  return problems;
}

function valueOf(name: string, user: TTemplateUser): string {
  if (name.startsWith("attr.")) {
    const v = user.attributes[name.slice(5)];
    return v === undefined || v === null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
  }
  switch (name) {
    case "first_name":
      return user.firstName;
    case "last_name":
      return user.lastName ?? "";
    case "username":
      return user.username ?? "";
    case "language":
      return user.languageCode ?? "";
    case "telegram_id":
      return String(user.telegramId);
    default:
      return "";
  }
}

export const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * Fills the tokens. `escape` is applied to substituted values only (HTML texts escape
 * them so a user's name can never break the markup; URLs encode them).
 */
export function renderTemplate(template: string, user: TTemplateUser, escape: (s: string) => string = (s) => s): string {
  return template.replace(TOKEN, (whole, name: string | undefined, fallback: string | undefined) => {
    if (whole === "{{") return "{";
    const v = valueOf(name!, user);
    return escape(v !== "" ? v : (fallback ?? ""));
  });
}

/** A stand-in user for validating templates: every token renders as its fallback or a sample. */
export const SAMPLE_USER: TTemplateUser = {
  firstName: "Alex",
  lastName: "Doe",
  username: "alex",
  languageCode: "en",
  telegramId: 100000001,
  attributes: {},
};
