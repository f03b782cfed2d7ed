"use client";
import { useState } from "react";
import { toast } from "sonner";
import type { TUsersFilter } from "@/lib/users/schemas";
import { TagPicker } from "../tags/tag-picker";
import { ConfirmDialog } from "../ui/dialog";
import { fetchJson, ApiError } from "../ui/fetch-json";
import { bulkTagMessage, needsConfirmation } from "./bulk-tag-wording";

type TAction = "add" | "remove";
type TTagRef = { tagId: string } | { name: string };
type TResult = { tag: { id: string; name: string }; changed: number; unchanged: number; changedIds: string[] };
type TPending = { ref: TTagRef; name: string };

/**
 * Shown while rows are selected: add or remove one tag on all of them, or on every user the
 * filters match. A change to more than a few users asks first; each change can be undone.
 */
export function BulkTagBar({ selectedIds, pageAllSelected, total, filter, onDone }: {
  selectedIds: string[]; pageAllSelected: boolean; total: number; filter: TUsersFilter; onDone: () => void;
}) {
  const [action, setAction] = useState<TAction>("add");
  const [allMatching, setAllMatching] = useState(false);
  const [pending, setPending] = useState<TPending | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (selectedIds.length === 0) return null;
  const everyone = allMatching && pageAllSelected;
  const count = everyone ? total : selectedIds.length;

  async function send(body: Record<string, unknown>) {
    return fetchJson<TResult>("/api/users/tags", { method: "POST", json: body });
  }

  async function undo(r: TResult, done: TAction) {
    const back: TAction = done === "add" ? "remove" : "add";
    try {
      const u = await send({ userIds: r.changedIds, action: back, tag: { tagId: r.tag.id } });
      toast.success(`Undone: ${back === "add" ? "re-added" : "removed"} “${r.tag.name}” ${back === "add" ? "to" : "from"} ${u.changed} user${u.changed === 1 ? "" : "s"}.`);
      onDone();
    } catch (e) {
      toast.error(e instanceof ApiError ? e.message : "Could not undo the change.");
    }
  }

  async function apply(p: TPending): Promise<boolean> {
    const done = action;
    try {
      const r = await send({ ...(everyone ? { filter } : { userIds: selectedIds }), action: done, tag: p.ref });
      toast.success(bulkTagMessage(done, r), r.changed > 0 ? { action: { label: "Undo", onClick: () => void undo(r, done) }, duration: 10_000 } : undefined);
      setAllMatching(false);
      onDone();
      return true;
    } catch (e) {
      const message = e instanceof ApiError ? e.message : "Could not change the tags.";
      if (pending) setError(message);
      else toast.error(message);
      return false;
    }
  }

  async function onPick(ref: TTagRef, name: string) {
    if (needsConfirmation(count)) {
      setError(null);
      setPending({ ref, name });
      return;
    }
    await apply({ ref, name });
  }

  async function confirm() {
    if (!pending) return;
    setBusy(true);
    const ok = await apply(pending);
    setBusy(false);
    if (ok) setPending(null);
  }

  return (
    <div className="flex flex-wrap items-center gap-3 rounded-lg border border-brand-200 bg-brand-50 px-3 py-2 text-sm" data-testid="bulk-tag-bar">
      <span className="font-medium text-brand-800">{everyone ? `All ${total.toLocaleString("en")} matching selected` : `${selectedIds.length} selected`}</span>
      <select aria-label="Bulk tag action" value={action} onChange={(e) => setAction(e.target.value as TAction)} className="rounded-md border border-slate-300 px-2 py-1 text-xs">
        <option value="add">Add tag</option>
        <option value="remove">Remove tag</option>
      </select>
      <div className="w-56">
        {/* Removing offers only tags that exist; adding may create one. */}
        <TagPicker key={action} existing={[]} onAdd={onPick} allowCreate={action === "add"} placeholder={action === "add" ? "Add a tag…" : "Tag to remove…"} />
      </div>
      {everyone ? (
        <button type="button" className="text-xs text-brand-700 hover:underline" onClick={() => setAllMatching(false)}>Only this page</button>
      ) : pageAllSelected && total > selectedIds.length ? (
        <span className="text-xs text-slate-600">
          This page only.{" "}
          <button type="button" className="text-brand-700 hover:underline" onClick={() => setAllMatching(true)}>Select all {total.toLocaleString("en")} matching</button>
        </span>
      ) : (
        <span className="text-xs text-slate-500">Selection is on this page only.</span>
      )}
      <ConfirmDialog
        open={pending !== null}
        title={`${action === "add" ? "Add" : "Remove"} tag “${pending?.name ?? ""}” ${action === "add" ? "to" : "from"} ${count.toLocaleString("en")} users?`}
        confirmLabel={action === "add" ? "Add tag" : "Remove tag"}
        danger={action === "remove"}
        busy={busy}
        error={error}
        onConfirm={() => void confirm()}
        onCancel={() => (setPending(null), setError(null))}
      >
        <p>{everyone ? "Every user matching the current filters is changed, not only those on this page." : "Each selected user is changed."} You can undo it from the message that follows.</p>
      </ConfirmDialog>
    </div>
  );
}
