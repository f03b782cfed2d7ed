"use client";
// The editor's top bar: back, name and status, save state, undo/redo, fit, problems, publish.
import Link from "next/link";
import { Button } from "../ui/button";
import { cn } from "../ui/cn";
import type { TFlowStatus } from "./api-types";
import { FlowStatusBadge } from "./flow-status-badge";
import { SaveIndicator } from "./save-indicator";
import type { TSaveStatus } from "./use-autosave";

const TOOL = "inline-flex h-8 min-w-8 items-center justify-center rounded-md px-2 text-sm text-slate-700 ring-1 ring-slate-200 hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-40";

export function EditorToolbar(props: {
  name: string;
  status: TFlowStatus;
  publishedVersion: number | null;
  save: { status: TSaveStatus; message?: string; retry: () => void };
  canUndo: boolean;
  canRedo: boolean;
  onUndo: () => void;
  onRedo: () => void;
  onFit: () => void;
  errorCount: number;
  warningCount: number;
  localErrorCount: number;
  issuesOpen: boolean;
  onToggleIssues: () => void;
  busy: boolean;
  onPublish: () => void;
  onUnpublish: () => void;
}) {
  const { errorCount, warningCount, localErrorCount } = props;
  const live = props.status !== "draft";
  return (
    <header className="flex min-h-14 shrink-0 flex-wrap items-center gap-x-3 gap-y-2 border-b border-slate-200 bg-white px-4 py-2">
      <Link href="/flows" className="whitespace-nowrap text-sm text-brand-700 hover:underline">← Flows</Link>
      <h1 className="min-w-40 max-w-72 flex-1 truncate text-base font-semibold text-slate-900" title={props.name} data-testid="flow-title">{props.name || "Untitled flow"}</h1>
      <FlowStatusBadge status={props.status} version={props.publishedVersion} />
      <SaveIndicator status={props.save.status} message={props.save.message} onRetry={props.save.retry} />
      <div className="ml-auto flex shrink-0 items-center gap-1.5 whitespace-nowrap" role="toolbar" aria-label="Editor">
        <button type="button" className={TOOL} onClick={props.onUndo} disabled={!props.canUndo} aria-label="Undo" title="Undo (Ctrl+Z)">↶</button>
        <button type="button" className={TOOL} onClick={props.onRedo} disabled={!props.canRedo} aria-label="Redo" title="Redo (Ctrl+Shift+Z)">↷</button>
        <button type="button" className={TOOL} onClick={props.onFit} aria-label="Zoom to fit" title="Zoom to fit">⤢</button>
        <button
          type="button"
          className={cn(TOOL, "gap-1.5", errorCount > 0 ? "text-red-700 ring-red-200" : warningCount > 0 ? "text-amber-800 ring-amber-200" : "text-emerald-700")}
          onClick={props.onToggleIssues}
          aria-pressed={props.issuesOpen}
          data-testid="issues-toggle"
        >
          {errorCount > 0 ? `✕ ${errorCount} ${errorCount === 1 ? "error" : "errors"}` : warningCount > 0 ? `! ${warningCount} ${warningCount === 1 ? "warning" : "warnings"}` : "✓ No problems"}
        </button>
        {live && <Button variant="secondary" size="sm" onClick={props.onUnpublish} disabled={props.busy}>Unpublish</Button>}
        <Button
          size="sm"
          onClick={props.onPublish}
          disabled={localErrorCount > 0 || props.busy || props.save.status === "conflict" || (props.status === "published" && props.save.status === "saved")}
          title={localErrorCount > 0 ? `Fix ${localErrorCount} ${localErrorCount === 1 ? "error" : "errors"} to publish` : props.status === "published" ? "The bot runs this draft already" : undefined}
          data-testid="publish"
        >
          {props.status === "changed" ? "Publish changes" : "Publish"}
          {localErrorCount > 0 && <span className="rounded-full bg-white/25 px-1.5 text-xs" aria-label={`${localErrorCount} errors`}>{localErrorCount}</span>}
        </Button>
      </div>
    </header>
  );
}
