// The colours of a chat bubble for each kind and delivery state. One text colour per
// part, never two competing ones (our `cn` does not merge Tailwind classes), each
// readable on its own background (WCAG AA for the small meta line as well).
import type { TMessageView } from "./types";

export type TBubbleTone = { bubble: string; meta: string; button: string };

export function bubbleTone(m: Pick<TMessageView, "direction" | "note" | "state">): TBubbleTone {
  if (m.note) return { bubble: "border border-amber-300 bg-amber-50 text-amber-950", meta: "text-amber-800", button: "border-amber-400" };
  if (m.direction === "in") return { bubble: "bg-white text-slate-900", meta: "text-slate-500", button: "border-slate-300" };
  if (m.state === "failed") return { bubble: "bg-red-50 text-red-900 ring-1 ring-red-300", meta: "text-red-700", button: "border-red-300" };
  // pending, sending, sent: white on brand-600 (6.3:1), the meta line in brand-100 (5.3:1).
  return { bubble: "bg-brand-600 text-white", meta: "text-brand-100", button: "border-white/50" };
}
