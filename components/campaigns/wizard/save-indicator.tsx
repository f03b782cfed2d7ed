"use client";
// Where the draft stands: saving, saved, held back (a part is not valid yet) or failed (retry).
import type { TSaveState } from "./use-draft-autosave";

export function SaveIndicator({ save, onRetry }: { save: TSaveState; onRetry: () => void }) {
  return (
    <div className="flex min-h-6 items-center gap-2 text-xs" aria-live="polite" data-testid="save-state" data-state={save.state}>
      {save.state === "saving" && (
        <>
          <span className="size-3 animate-spin rounded-full border-2 border-brand-600 border-t-transparent" aria-hidden />
          <span className="text-slate-500">Saving…</span>
        </>
      )}
      {save.state === "pending" && <span className="text-slate-500">Editing…</span>}
      {save.state === "saved" && <span className="text-emerald-700">✓ {save.at ? "All changes saved" : "Saved"}</span>}
      {save.state === "invalid" && (
        <span className="max-w-md truncate text-amber-700" title={save.message}>Not saved yet — {save.message}</span>
      )}
      {save.state === "error" && (
        <>
          <span className="max-w-md truncate text-red-600" title={save.message} role="alert">Not saved: {save.message}</span>
          <button type="button" className="font-medium text-brand-700 hover:underline" onClick={onRetry}>Retry</button>
        </>
      )}
    </div>
  );
}
