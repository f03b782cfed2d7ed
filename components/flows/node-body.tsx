// Small pieces the node bodies on the canvas share (lib/flows/nodes/<type>/canvas.tsx).
import type { ReactNode } from "react";
import { cn } from "../ui/cn";

/** An HTML template as plain text, clamped to a few lines. */
export function TextPreview({ html, lines = 3, empty = "No text yet" }: { html: string; lines?: 2 | 3 | 4; empty?: string }) {
  const text = html.replace(/<[^>]*>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&").trim();
  const clamp = lines === 2 ? "line-clamp-2" : lines === 4 ? "line-clamp-4" : "line-clamp-3";
  return text ? <p className={cn("whitespace-pre-line break-words text-slate-700", clamp)}>{text}</p> : <p className="italic text-slate-400">{empty}</p>;
}

export function Chip({ children, className }: { children: ReactNode; className?: string }) {
  return <span className={cn("inline-flex max-w-full items-center truncate rounded border border-slate-200 bg-white px-1.5 py-0.5 text-[11px] text-slate-700", className)}>{children}</span>;
}

export function Muted({ children }: { children: ReactNode }) {
  return <p className="text-slate-500">{children}</p>;
}

export function Code({ children }: { children: ReactNode }) {
  return <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[11px] text-slate-800">{children}</code>;
}
