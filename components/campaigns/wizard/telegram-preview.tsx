"use client";
// The message as a Telegram chat shows it: photo, text or caption with its formatting,
// inline buttons below. Rendered for a sample user or one without data (fallbacks).
import { useState } from "react";
import type { TVariant } from "@/lib/campaigns/schemas";
import { SAMPLE_USER } from "@/lib/flows/template";
import { cn } from "../../ui/cn";
import { BARE_USER, renderForPreview } from "./message-text";
import { RichText } from "./rich-text";

function Photo({ src }: { src: string }) {
  const [broken, setBroken] = useState<string | null>(null);
  if (!/^https?:\/\//i.test(src) || broken === src) {
    return (
      <div className="grid h-40 place-items-center bg-slate-200 px-4 text-center text-xs text-slate-500">
        {broken === src ? "The photo could not be loaded here; Telegram fetches it when sending." : "Photo (a Telegram file id)"}
      </div>
    );
  }
  // eslint-disable-next-line @next/next/no-img-element
  return <img src={src} alt="" referrerPolicy="no-referrer" className="max-h-72 w-full object-cover" onError={() => setBroken(src)} />;
}

export function TelegramPreview({ variant, botName }: { variant: TVariant; botName: string }) {
  const [bare, setBare] = useState(false);
  const user = bare ? BARE_USER : SAMPLE_USER;
  const rendered = renderForPreview(variant.text, user);
  const empty = rendered.parsed !== null && rendered.parsed.text === "" && !variant.photo;
  return (
    <div>
      <div className="mb-2 flex items-center justify-between gap-2 text-xs text-slate-500">
        <span>Preview</span>
        <div className="inline-flex overflow-hidden rounded-md ring-1 ring-slate-300" role="group" aria-label="Preview as">
          {([[false, `As ${SAMPLE_USER.firstName}`], [true, "User without data"]] as const).map(([value, label]) => (
            <button key={label} type="button" aria-pressed={bare === value} onClick={() => setBare(value)} className={cn("px-2 py-1", bare === value ? "bg-brand-600 text-white" : "bg-white hover:bg-slate-50")}>
              {label}
            </button>
          ))}
        </div>
      </div>
      <div className="flex items-center gap-2 rounded-t-lg border border-b-0 border-slate-200 bg-white px-3 py-2">
        <span className="grid size-7 place-items-center rounded-full bg-sky-500 text-xs font-semibold text-white" aria-hidden>{botName.replace(/^@/, "").slice(0, 1).toUpperCase()}</span>
        <span className="text-sm font-medium text-slate-800">{botName}</span>
        <span className="text-xs text-slate-400">bot</span>
      </div>
      <div className="rounded-b-lg bg-[#c9dcb8] bg-[radial-gradient(#b5cca2_1px,transparent_1px)] p-3 [background-size:14px_14px]" data-testid="message-preview">
        <div className="max-w-[20rem]">
          <div className="overflow-hidden rounded-2xl rounded-bl-sm bg-white shadow-sm">
            {variant.photo && <Photo src={variant.photo} />}
            <div className="px-3 pb-1.5 pt-2 text-[0.9rem] leading-snug text-slate-900">
              {rendered.parsed ? (
                <div className="whitespace-pre-wrap break-words">
                  {empty ? <span className="italic text-slate-400">Your message appears here.</span> : <RichText text={rendered.parsed.text} entities={rendered.parsed.entities} />}
                </div>
              ) : (
                <div className="whitespace-pre-wrap break-words">
                  <p className="mb-1 rounded bg-red-50 px-1.5 py-1 text-xs text-red-700">Telegram would refuse this HTML: {rendered.error}</p>
                  <span className="text-slate-500">{variant.text}</span>
                </div>
              )}
              <div className="mt-0.5 text-right text-[0.65rem] text-slate-400">12:00</div>
            </div>
          </div>
          {variant.buttons.length > 0 && (
            <div className="mt-1 space-y-1">
              {variant.buttons.map((row, i) => (
                <div key={i} className="flex gap-1">
                  {row.map((b) => (
                    <div key={b.id} className="relative flex-1 truncate rounded-lg bg-black/25 px-2 py-1.5 text-center text-sm font-medium text-white" title={b.kind === "url" ? b.url : "Reply button (tracked click)"}>
                      {b.text || <span className="opacity-60">label</span>}
                      {b.kind === "url" && <span className="absolute right-1 top-0.5 text-[0.6rem]" aria-hidden>↗</span>}
                    </div>
                  ))}
                </div>
              ))}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
