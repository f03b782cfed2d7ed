"use client";
// What publishing will change, before it does: the version, what the bot will answer,
// the warnings that remain. Unpublishing asks too.
import { ConfirmDialog } from "../ui/dialog";
import type { TEditorIssue, TFlowStatus } from "./api-types";

export function PublishDialog({ open, status, publishedVersion, triggers, stepCount, issues, busy, onConfirm, onCancel }: {
  open: boolean;
  status: TFlowStatus;
  publishedVersion: number | null;
  triggers: string[];
  stepCount: number;
  issues: readonly TEditorIssue[];
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const live = status !== "draft" && publishedVersion !== null;
  const warnings = issues.filter((i) => i.severity === "warning");
  const serverErrors = issues.filter((i) => i.severity === "error");
  return (
    <ConfirmDialog open={open} title={live ? "Publish the changes?" : "Publish this flow?"} confirmLabel={live ? `Publish version ${publishedVersion + 1}` : "Publish"} busy={busy} onConfirm={onConfirm} onCancel={onCancel}>
      <div className="space-y-3" data-testid="publish-dialog">
        <p>
          {live
            ? `Version ${publishedVersion + 1} replaces version ${publishedVersion} in the live bot at once. Users already in the middle of this flow finish on the version they started.`
            : "The bot starts running this flow at once, for every user."}
        </p>
        <div>
          <p className="font-medium text-slate-800">It will answer</p>
          <ul className="mt-1 list-inside list-disc text-slate-700">
            {triggers.map((t) => <li key={t}>{t}</li>)}
          </ul>
          <p className="mt-1 text-xs text-slate-500">{stepCount} steps in all.</p>
        </div>
        {warnings.length > 0 && (
          <div>
            <p className="font-medium text-amber-800">{warnings.length === 1 ? "1 warning" : `${warnings.length} warnings`} (publishing is allowed)</p>
            <ul className="mt-1 list-inside list-disc text-amber-900">
              {warnings.slice(0, 6).map((w, k) => <li key={k}>{w.nodeId ? `${w.nodeId}: ` : ""}{w.message}</li>)}
            </ul>
          </div>
        )}
        {serverErrors.length > 0 && (
          <p className="rounded-md bg-red-50 px-3 py-2 text-red-800">The server reported {serverErrors.length === 1 ? "a problem" : `${serverErrors.length} problems`} with the saved draft; publishing will be refused until they are fixed.</p>
        )}
      </div>
    </ConfirmDialog>
  );
}

export function UnpublishDialog({ open, busy, onConfirm, onCancel }: { open: boolean; busy: boolean; onConfirm: () => void; onCancel: () => void }) {
  return (
    <ConfirmDialog open={open} title="Unpublish this flow?" confirmLabel="Unpublish" danger busy={busy} onConfirm={onConfirm} onCancel={onCancel}>
      <p>The bot stops answering this flow’s triggers at once; users in the middle of it are not sent any further step. The draft stays here, and you can publish it again.</p>
    </ConfirmDialog>
  );
}
