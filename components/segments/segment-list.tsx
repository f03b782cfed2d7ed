"use client";
// The segment list: size (recounted live after the page loads), a sparkline of the sizes
// recorded each day, and actions. Deleting asks first; a refusal shows in the dialog.
import { useEffect, useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { TSegmentListItem } from "@/lib/segments/list-segments";
import { Badge } from "../ui/card";
import { ConfirmDialog } from "../ui/dialog";
import { fetchJson } from "../ui/fetch-json";
import { RelativeTime } from "../ui/time";
import { useDeleteRow } from "../ui/use-delete-row";
import { Sparkline } from "./sparkline";

export function SegmentList({ segments, canEdit }: { segments: TSegmentListItem[]; canEdit: boolean }) {
  const router = useRouter();
  const [counts, setCounts] = useState<Record<string, number>>({});
  const { deleting, setDeleting, busy, error, remove } = useDeleteRow<TSegmentListItem>({
    url: (s) => `/api/segments/${s.id}`,
    done: (s) => `Deleted "${s.name}".`,
    failure: "Could not delete the segment.",
    deleted: () => router.refresh(),
  });

  // Recount dynamic segments one after another (exact, current), so the list never shows a stale size for long.
  useEffect(() => {
    let stop = false;
    void (async () => {
      for (const s of segments) {
        if (stop || s.kind !== "DYNAMIC") continue;
        try {
          const r = await fetchJson<{ count: number }>("/api/segments/preview", { method: "POST", json: { botId: s.botId, rules: s.rules, segmentId: s.id, sample: 0 } });
          if (!stop) setCounts((c) => ({ ...c, [s.id]: r.count }));
        } catch {
          // The stored size stays on screen.
        }
      }
    })();
    return () => {
      stop = true;
    };
  }, [segments]);

  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="w-full text-left text-sm" data-testid="segment-list">
        <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="px-2 py-2 font-medium lg:px-3">Segment</th>
            <th className="hidden px-2 py-2 font-medium lg:px-3 lg:table-cell">Bot</th>
            <th className="px-2 py-2 text-right font-medium lg:px-3">Users</th>
            <th className="px-2 py-2 font-medium lg:px-3" title="Recorded once a day; the Users column is counted now">Daily size, 30 days</th>
            <th className="px-2 py-2 font-medium lg:px-3">Updated</th>
            <th className="px-2 py-2 lg:px-3"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {segments.map((s) => {
            const count = counts[s.id] ?? s.lastCount;
            return (
              <tr key={s.id} data-testid="segment-row">
                <td className="px-2 py-2 lg:px-3">
                  <Link href={`/segments/${s.id}`} className="font-medium text-slate-900 hover:text-brand-700 hover:underline">{s.name}</Link>
                  {s.kind === "STATIC" && <Badge className="ml-2">static</Badge>}
                  {s.description && <p className="text-xs text-slate-500">{s.description}</p>}
                  {/* Narrow screens: the bot under the name instead of a column of its own. */}
                  <p className="text-xs text-slate-500 lg:hidden">@{s.bot}</p>
                </td>
                <td className="hidden px-2 py-2 text-slate-600 lg:px-3 lg:table-cell">@{s.bot}</td>
                <td className="px-2 py-2 text-right tabular-nums lg:px-3" data-testid="segment-size">{count === null ? "—" : count.toLocaleString("en-US")}</td>
                <td className="px-2 py-2 lg:px-3"><Sparkline points={s.sizes} /></td>
                <td className="px-2 py-2 text-slate-600 lg:px-3">
                  <span className="whitespace-nowrap"><RelativeTime iso={s.updatedAt} /></span>
                  {s.createdBy && <span className="block text-xs text-slate-500">by {s.createdBy}</span>}
                </td>
                <td className="whitespace-nowrap px-2 py-2 text-right lg:px-3">
                  <div className="flex justify-end gap-2.5 lg:gap-3">
                    <Link className="text-brand-700 hover:underline" href={`/users?segment=${s.id}`}>Users</Link>
                    <a className="text-brand-700 hover:underline" href={`/api/users/export?segment=${s.id}`} title={`Download the users of “${s.name}” as CSV`}>CSV</a>
                    {canEdit && (
                      <button type="button" className="text-slate-500 hover:text-red-600" onClick={() => setDeleting(s)}>Delete</button>
                    )}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <ConfirmDialog
        open={deleting !== null}
        title="Delete segment?"
        confirmLabel="Delete"
        danger
        busy={busy}
        error={error}
        onConfirm={remove}
        onCancel={() => setDeleting(null)}
      >
        <p>
          “{deleting?.name}” will be deleted with its size history. The users themselves are not touched.
        </p>
      </ConfirmDialog>
    </div>
  );
}
