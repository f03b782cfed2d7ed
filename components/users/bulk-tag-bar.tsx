"use client";
import { useState } from "react";
import { toast } from "sonner";
import { TagPicker } from "../tags/tag-picker";
import { fetchJson, ApiError } from "../ui/fetch-json";

type TResult = { tag: { name: string }; changed: number; unchanged: number };

/** Shown while rows are selected: add or remove one tag on all of them. */
export function BulkTagBar({ selectedIds, onDone }: { selectedIds: string[]; onDone: () => void }) {
  const [action, setAction] = useState<"add" | "remove">("add");
  if (selectedIds.length === 0) return null;

  async function apply(tag: { tagId: string } | { name: string }) {
    try {
      const r = await fetchJson<TResult>("/api/users/tags", { method: "POST", json: { userIds: selectedIds, action, tag } });
      const verb = action === "add" ? "Tagged" : "Removed the tag from";
      toast.success(`${verb} ${r.changed} user${r.changed === 1 ? "" : "s"} (“${r.tag.name}”)${r.unchanged ? `; ${r.unchanged} already ${action === "add" ? "had it" : "did not have it"}` : ""}.`);
      onDone();
    } catch (e) {
      toast.error(e instanceof ApiError ? e.message : "Could not change the tags.");
    }
  }

  return (
    <div className="flex flex-wrap items-center gap-3 rounded-lg border border-brand-200 bg-brand-50 px-3 py-2 text-sm" data-testid="bulk-tag-bar">
      <span className="font-medium text-brand-800">{selectedIds.length} selected</span>
      <select aria-label="Bulk tag action" value={action} onChange={(e) => setAction(e.target.value as "add" | "remove")} className="rounded-md border border-slate-300 px-2 py-1 text-xs">
        <option value="add">Add tag</option>
        <option value="remove">Remove tag</option>
      </select>
      <div className="w-56">
        <TagPicker existing={[]} onAdd={apply} />
      </div>
    </div>
  );
}
