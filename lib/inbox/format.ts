// The composer's light formatting — **bold**, __italic__, `code`, [label](https://…) —
// parsed once, rendered in the console and sent to Telegram as parse_mode HTML,
// so the agent sees what the user will see. Everything else is plain text.
// Pure: used by the server (delivery) and the browser (preview, chat view).

export type TSegment =
  | { type: "text"; text: string }
  | { type: "bold" | "italic" | "code"; text: string }
  | { type: "link"; text: string; href: string };

const TOKEN = /\*\*([^*\n][^*]*?)\*\*|__([^_\n][^_]*?)__|`([^`\n]+)`|\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/g;

export function parseFormatting(input: string): TSegment[] {
  const out: TSegment[] = [];
  let last = 0;
  for (const m of input.matchAll(TOKEN)) {
    const at = m.index ?? 0;
    if (at > last) out.push({ type: "text", text: input.slice(last, at) });
    if (m[1] !== undefined) out.push({ type: "bold", text: m[1] });
    else if (m[2] !== undefined) out.push({ type: "italic", text: m[2] });
    else if (m[3] !== undefined) out.push({ type: "code", text: m[3] });
    else out.push({ type: "link", text: m[4]!, href: m[5]! });
    last = at + m[0].length;
  }
  if (last < input.length) out.push({ type: "text", text: input.slice(last) });
  return out;
}

export function hasFormatting(input: string): boolean {
  return parseFormatting(input).some((s) => s.type !== "text");
}

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const escapeAttr = (s: string) => escapeHtml(s).replace(/"/g, "&quot;");

/** Telegram HTML (parse_mode "HTML") for the text. */
export function toTelegramHtml(input: string): string {
  return parseFormatting(input)
    .map((s) => {
      if (s.type === "link") return `<a href="${escapeAttr(s.href)}">${escapeHtml(s.text)}</a>`;
      const tag = { text: "", bold: "b", italic: "i", code: "code" }[s.type];
      return tag ? `<${tag}>${escapeHtml(s.text)}</${tag}>` : escapeHtml(s.text);
    })
    .join("");
}

/** What the user reads (Telegram counts its limits on this). */
export function visibleText(input: string): string {
  return parseFormatting(input).map((s) => s.text).join("");
}
