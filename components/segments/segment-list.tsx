"use client";
// The segment list: size (recounted live after the page loads), a sparkline of daily
// sizes, and actions. Deleting asks first.
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
  const { deleting, setDeleting, busy, remove } = useDeleteRow<TSegmentListItem>({
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
            <th className="px-3 py-2 font-medium">Segment</th>
            <th className="px-3 py-2 font-medium">Bot</th>
            <th className="px-3 py-2 text-right font-medium">Users</th>
            <th className="px-3 py-2 font-medium">Last 30 days</th>
            <th className="px-3 py-2 font-medium">Updated</th>
            <th className="px-3 py-2" />
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {segments.map((s) => {
            const count = counts[s.id] ?? s.lastCount;
            return (
              <tr key={s.id} data-testid="segment-row">
                <td className="px-3 py-2">
                  <Link href={`/segments/${s.id}`} className="font-medium text-slate-900 hover:text-brand-700 hover:underline">{s.name}</Link>
                  {s.kind === "STATIC" && <Badge className="ml-2">static</Badge>}
                  {s.description && <p className="text-xs text-slate-500">{s.description}</p>}
                </td>
                <td className="px-3 py-2 text-slate-600">@{s.bot}</td>
                <td className="px-3 py-2 text-right tabular-nums" data-testid="segment-size">{count === null ? "—" : count.toLocaleString("en-US")}</td>
                <td className="px-3 py-2"><Sparkline points={s.sizes} /></td>
                <td className="px-3 py-2 text-slate-600"><RelativeTime iso={s.updatedAt} />{s.createdBy ? ` · ${s.createdBy}` : ""}</td>
                <td className="whitespace-nowrap px-3 py-2 text-right">
                  <Link className="mr-3 text-brand-700 hover:underline" href={`/users?segment=${s.id}`}>Users</Link>
                  <a className="mr-3 text-brand-700 hover:underline" href={`/api/users/export?segment=${s.id}`}>CSV</a>
                  {canEdit && (
                    <button type="button" className="text-slate-500 hover:text-red-600" onClick={() => setDeleting(s)}>Delete</button>
                  )}
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
