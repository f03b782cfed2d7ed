// Telegram text with entities as React elements. Nothing from the markup reaches the DOM
// as HTML: the text was parsed with Telegram's whitelist into entities, and each entity
// type maps to one element.
import type { ReactNode } from "react";
import type { TgMessageEntity } from "@/lib/emulator/types";
import { safeHref } from "./message-text";

function wrap(e: TgMessageEntity, child: ReactNode, key: string): ReactNode {
  switch (e.type) {
    case "bold": return <strong key={key}>{child}</strong>;
    case "italic": return <em key={key}>{child}</em>;
    case "underline": return <u key={key}>{child}</u>;
    case "strikethrough": return <s key={key}>{child}</s>;
    case "spoiler": return <span key={key} className="rounded bg-slate-400/70 text-transparent transition-colors hover:bg-transparent hover:text-inherit" title="Spoiler">{child}</span>;
    case "code": return <code key={key} className="rounded bg-slate-100 px-0.5 font-mono text-[0.9em] text-rose-700">{child}</code>;
    case "pre": return <code key={key} className="block rounded bg-slate-100 px-2 py-1 font-mono text-[0.9em]">{child}</code>;
    case "blockquote":
    case "expandable_blockquote": return <span key={key} className="my-0.5 block border-l-2 border-sky-500 bg-sky-50 pl-2">{child}</span>;
    case "text_link": {
      const href = safeHref(e.url);
      return href ? <a key={key} href={href} target="_blank" rel="noopener noreferrer" className="text-sky-600 underline">{child}</a> : <span key={key} className="text-sky-600 underline">{child}</span>;
    }
    default: return child;
  }
}

export function RichText({ text, entities }: { text: string; entities: TgMessageEntity[] }) {
  const cuts = new Set<number>([0, text.length]);
  for (const e of entities) {
    cuts.add(e.offset);
    cuts.add(Math.min(text.length, e.offset + e.length));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const parts: ReactNode[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const from = points[i]!;
    const to = points[i + 1]!;
    if (to <= from) continue;
    // Outer entities (the longer ones) wrap the inner ones.
    const active = entities.filter((e) => e.offset <= from && e.offset + e.length >= to).sort((a, b) => a.length - b.length);
    let node: ReactNode = text.slice(from, to);
    active.forEach((e, j) => (node = wrap(e, node, `${from}-${j}`)));
    parts.push(<span key={from}>{node}</span>);
  }
  return <>{parts}</>;
}
