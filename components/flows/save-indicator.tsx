"use client";
import { cn } from "../ui/cn";
import type { TSaveStatus } from "./use-autosave";

/** "Saving… / Saved / Save failed — Retry", announced politely to screen readers. */
export function SaveIndicator({ status, message, onRetry }: { status: TSaveStatus; message?: string; onRetry: () => void }) {
  const text: Record<TSaveStatus, string> = {
    saved: "Saved",
    dirty: "Unsaved changes",
    saving: "Saving…",
    error: "Save failed",
    invalid: "Fix the highlighted fields to save",
    conflict: "Not saved: changed elsewhere",
  };
  return (
    <span className="flex items-center gap-1.5 text-xs" aria-live="polite" data-testid="save-status" data-status={status}>
      <span
        aria-hidden
        className={cn(
          "size-2 rounded-full",
          status === "saved" && "bg-emerald-500",
          (status === "dirty" || status === "saving") && "bg-slate-400",
          status === "saving" && "animate-pulse",
          (status === "error" || status === "invalid" || status === "conflict") && "bg-red-500",
        )}
      />
      <span className={cn(status === "error" || status === "invalid" || status === "conflict" ? "text-red-700" : "text-slate-500")} title={message}>{text[status]}</span>
      {status === "error" && (
        <button type="button" className="font-medium text-brand-700 underline" onClick={onRetry}>Retry</button>
      )}
    </span>
  );
}
