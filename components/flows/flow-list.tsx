"use client";
// The flows of every bot: status, bot, last change, size; create and delete (asks first).
import { useCallback, useEffect, useState } from "react";
import Link from "next/link";
import { Button } from "../ui/button";
import { EmptyState, PageHeader } from "../ui/card";
import { ConfirmDialog } from "../ui/dialog";
import { fetchJson } from "../ui/fetch-json";
import { RelativeTime } from "../ui/time";
import { useDeleteRow } from "../ui/use-delete-row";
import type { TFlowListItem } from "./api-types";
import { FlowStatusBadge } from "./flow-status-badge";
import { NewFlowDialog } from "./new-flow-dialog";

export function FlowList({ bots }: { bots: { id: string; username: string }[] }) {
  const [flows, setFlows] = useState<TFlowListItem[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const { deleting, setDeleting, busy, error, remove } = useDeleteRow<TFlowListItem>({
    url: (f) => `/api/flows/${f.id}`,
    done: (f) => `Deleted “${f.name}”.`,
    failure: "The flow could not be deleted.",
    deleted: (f) => setFlows((fs) => fs?.filter((x) => x.id !== f.id) ?? null),
  });

  const load = useCallback(() => {
    setLoadError(null);
    fetchJson<{ flows: TFlowListItem[] }>("/api/flows")
      .then((r) => setFlows(r.flows))
      .catch((e: unknown) => setLoadError(e instanceof Error ? e.message : "The flows could not be loaded."));
  }, []);
  useEffect(load, [load]);



  const newButton = <Button onClick={() => setCreating(true)}>New flow</Button>;
  let body;
  if (loadError) {
    body = (
      <EmptyState icon="⚠" title="The flows could not be loaded" action={<Button variant="secondary" onClick={load}>Try again</Button>}>
        <p>{loadError}</p>
      </EmptyState>
    );
  } else if (flows === null) {
    body = <p className="py-10 text-center text-sm text-slate-500" role="status">Loading flows…</p>;
  } else if (flows.length === 0) {
    body = (
      <EmptyState icon="⇢" title="No flows yet" action={newButton}>
        <p>
          Draw what your bot does — “/start → send a menu → on a click, add tag Interest-Tech and say thanks” — and publish it to the
          live bot without a restart. Start from a blank canvas or a template. Until then, bots answer /start, /menu and /help with a
          built-in welcome menu.
        </p>
      </EmptyState>
    );
  } else {
    body = (
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
        <table className="w-full text-left text-sm" data-testid="flow-list">
          <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-3 py-2 font-medium">Flow</th>
              <th className="px-3 py-2 font-medium">Status</th>
              <th className="px-3 py-2 font-medium">Bot</th>
              <th className="px-3 py-2 text-right font-medium">Steps</th>
              <th className="px-3 py-2 font-medium">Updated</th>
              <th className="px-3 py-2" />
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {flows.map((f) => (
              <tr key={f.id} data-testid="flow-row">
                <td className="px-3 py-2">
                  <Link href={`/flows/${f.id}`} className="font-medium text-slate-900 hover:text-brand-700 hover:underline">{f.name}</Link>
                  {f.description && <p className="text-xs text-slate-500">{f.description}</p>}
                </td>
                <td className="px-3 py-2"><FlowStatusBadge status={f.status} version={f.publishedVersion} /></td>
                <td className="px-3 py-2 text-slate-600" title={f.botName}>@{f.botUsername}</td>
                <td className="px-3 py-2 text-right tabular-nums">{f.nodeCount}</td>
                <td className="px-3 py-2 text-slate-600"><RelativeTime iso={f.updatedAt} /></td>
                <td className="whitespace-nowrap px-3 py-2 text-right">
                  <Link className="mr-3 text-brand-700 hover:underline" href={`/flows/${f.id}`}>Edit</Link>
                  <button type="button" className="text-slate-500 hover:text-red-600" onClick={() => setDeleting(f)} aria-label={`Delete ${f.name}`}>Delete</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }

  return (
    <>
      <PageHeader title="Flows" description="What your bots do, drawn as graphs and published to the live bot without a restart." actions={flows && flows.length > 0 ? newButton : undefined} />
      {body}
      <NewFlowDialog open={creating} onClose={() => setCreating(false)} bots={bots} />
      <ConfirmDialog open={deleting !== null} title="Delete flow?" confirmLabel="Delete" danger busy={busy} error={error} onConfirm={remove} onCancel={() => setDeleting(null)}>
        <p>
          “{deleting?.name}” will be deleted with its versions.
          {deleting && deleting.status !== "draft" ? " It is live: the bot stops answering its triggers at once, and users in the middle of it are not sent any further step." : ""}
        </p>
      </ConfirmDialog>
    </>
  );
}
