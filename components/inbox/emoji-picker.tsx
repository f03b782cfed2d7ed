"use client";
import { useEffect, useRef, useState } from "react";

const EMOJI = ["😀", "😊", "😉", "😍", "🤔", "😅", "😢", "🙏", "👍", "👎", "👋", "👏", "🎉", "🔥", "❤️", "✅", "❌", "⭐", "📦", "🚚", "💳", "🎁", "📞", "⏰"];

/** A small grid of common emoji; Escape or a click outside closes it. */
export function EmojiPicker({ onPick }: { onPick: (emoji: string) => void }) {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => box.current && !box.current.contains(e.target as Node) && setOpen(false);
    const onKey = (e: globalThis.KeyboardEvent) => e.key === "Escape" && setOpen(false);
    document.addEventListener("mousedown", onDown);
    document.addEventListener("keydown", onKey);
    return () => (document.removeEventListener("mousedown", onDown), document.removeEventListener("keydown", onKey));
  }, [open]);
  return (
    <div ref={box} className="relative">
      <button type="button" aria-label="Emoji" aria-expanded={open} onClick={() => setOpen((o) => !o)} className="rounded px-1.5 py-0.5 hover:bg-slate-100">😊</button>
      {open && (
        <div role="listbox" aria-label="Emoji" className="absolute bottom-8 left-0 z-20 grid w-56 grid-cols-8 gap-0.5 rounded-md border border-slate-200 bg-white p-1.5 shadow-lg">
          {EMOJI.map((e) => (
            <button key={e} type="button" role="option" aria-selected={false} onClick={() => (onPick(e), setOpen(false))} className="rounded p-0.5 text-lg hover:bg-slate-100">
              {e}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
