import { parseFormatting } from "@/lib/inbox/format";

/** An agent's text as Telegram will show it (bold, italic, code, links). */
export function FormattedText({ text }: { text: string }) {
  return (
    <>
      {parseFormatting(text).map((s, i) => {
        if (s.type === "link") return <a key={i} href={s.href} target="_blank" rel="noreferrer noopener" className="underline">{s.text}</a>;
        if (s.type === "bold") return <strong key={i}>{s.text}</strong>;
        if (s.type === "italic") return <em key={i}>{s.text}</em>;
        if (s.type === "code") return <code key={i} className="rounded bg-black/10 px-1 font-mono text-[0.9em]">{s.text}</code>;
        return <span key={i}>{s.text}</span>;
      })}
    </>
  );
}
