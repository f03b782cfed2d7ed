"use client";
import { useEffect, useId, useRef, type ReactNode } from "react";

/** A modal built on the native <dialog>: focus trap, Escape to close, backdrop. */
export function Dialog({ open, onClose, title, children, footer }: { open: boolean; onClose: () => void; title: string; children: ReactNode; footer?: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  // Its own id: a page with several dialogs (a list's "New …" and "Delete …?") names each by its title.
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      onClose={onClose}
      onCancel={(e) => (e.preventDefault(), onClose())}
      className="m-auto w-full max-w-md rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40"
      aria-labelledby={titleId}
    >
      <div className="p-5">
        <h2 id={titleId} className="text-lg font-semibold">{title}</h2>
        <div className="mt-3 text-sm text-slate-700">{children}</div>
      </div>
      {footer && <div className="flex justify-end gap-2 border-t border-slate-100 bg-slate-50 px-5 py-3">{footer}</div>}
    </dialog>
  );
}

/**
 * Asks before doing something. A failure is shown in the dialog (`error`), not as a toast:
 * a modal <dialog> sits in the browser's top layer, above any z-index, so a toast would
 * appear under its backdrop.
 */
export function ConfirmDialog({ open, title, children, confirmLabel, cancelLabel = "Cancel", danger, busy, error, onConfirm, onCancel }: {
  open: boolean; title: string; children: ReactNode; confirmLabel: string; cancelLabel?: string; danger?: boolean; busy?: boolean; error?: string | null; onConfirm: () => void; onCancel: () => void;
}) {
  return (
    <Dialog
      open={open}
      onClose={onCancel}
      title={title}
      footer={
        <>
          <button type="button" className="h-9 rounded-md px-3 text-sm ring-1 ring-slate-300 hover:bg-white" onClick={onCancel}>{cancelLabel}</button>
          <button
            type="button"
            disabled={busy}
            className={`h-9 rounded-md px-3 text-sm font-medium text-white ${danger ? "bg-red-600 hover:bg-red-700" : "bg-brand-600 hover:bg-brand-700"} disabled:opacity-60`}
            onClick={onConfirm}
          >
            {busy ? "Working…" : confirmLabel}
          </button>
        </>
      }
    >
      {children}
      {error && <p role="alert" className="mt-3 rounded-md bg-red-50 px-3 py-2 text-red-800">{error}</p>}
    </Dialog>
  );
}
