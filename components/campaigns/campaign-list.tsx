"use client";
// The campaigns: status, recipients, sent and opens (first clicks); drafts can be deleted.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { ConfirmDialog } from "../ui/dialog";
import { useDeleteRow } from "../ui/use-delete-row";
import { RelativeTime } from "../ui/time";
import { StatusBadge, type TCampaignStatus } from "./status-badge";

export type TCampaignRow = {
  id: string;
  name: string;
  botName: string;
  status: TCampaignStatus;
  wizardStep: number;
  recipients: number;
  sent: number;
  clicked: number;
  createdAt: string;
  launchedAt: string | null;
  completedAt: string | null;
};

const n = (v: number) => v.toLocaleString("en-US");
const pct = (a: number, b: number) => (b > 0 ? `${Math.round((a / b) * 100)}%` : "");

export function CampaignList({ campaigns, canSend }: { campaigns: TCampaignRow[]; canSend: boolean }) {
  const router = useRouter();
  const { deleting, setDeleting, busy, error, remove } = useDeleteRow<TCampaignRow>({
    url: (c) => `/api/campaigns/${c.id}`,
    done: (c) => `Deleted the draft “${c.name}”.`,
    failure: "Could not delete the draft.",
    deleted: () => router.refresh(),
  });

  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="w-full text-left text-sm" data-testid="campaign-list">
        <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="px-3 py-2 font-medium">Campaign</th>
            <th className="px-3 py-2 font-medium">Bot</th>
            <th className="px-3 py-2 font-medium">Status</th>
            <th className="px-3 py-2 text-right font-medium">Recipients</th>
            <th className="px-3 py-2 text-right font-medium">Sent</th>
            <th className="px-3 py-2 text-right font-medium" title="Recipients who clicked a button (the first click is the open)">Opens</th>
            <th className="px-3 py-2 font-medium">When</th>
            <th className="px-3 py-2" />
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {campaigns.map((c) => {
            const draft = c.status === "DRAFT";
            return (
              <tr key={c.id} data-testid="campaign-row">
                <td className="px-3 py-2">
                  <Link href={`/campaigns/${c.id}`} className="font-medium text-slate-900 hover:text-brand-700 hover:underline">{c.name}</Link>
                </td>
                <td className="px-3 py-2 text-slate-600">{c.botName}</td>
                <td className="px-3 py-2">
                  <StatusBadge status={c.status} />
                  {draft && <span className="ml-2 text-xs text-slate-500">step {c.wizardStep} of 6</span>}
                </td>
                <td className="px-3 py-2 text-right tabular-nums">{draft ? "—" : n(c.recipients)}</td>
                <td className="px-3 py-2 text-right tabular-nums">
                  {draft ? "—" : n(c.sent)}
                  {!draft && c.recipients > 0 && <span className="ml-1 text-xs text-slate-400">{pct(c.sent, c.recipients)}</span>}
                </td>
                <td className="px-3 py-2 text-right tabular-nums">
                  {draft ? "—" : n(c.clicked)}
                  {!draft && c.sent > 0 && <span className="ml-1 text-xs text-slate-400">{pct(c.clicked, c.sent)}</span>}
                </td>
                <td className="px-3 py-2 text-slate-600">
                  {c.completedAt ? (
                    <>{c.status === "CANCELLED" ? "Cancelled" : "Completed"} <RelativeTime iso={c.completedAt} /></>
                  ) : c.launchedAt ? (
                    <>{c.status === "SCHEDULED" ? "Starts" : "Launched"} <RelativeTime iso={c.launchedAt} /></>
                  ) : (
                    <>Created <RelativeTime iso={c.createdAt} /></>
                  )}
                </td>
                <td className="whitespace-nowrap px-3 py-2 text-right">
                  <Link className="mr-3 text-brand-700 hover:underline" href={`/campaigns/${c.id}`}>{draft ? (canSend ? "Edit" : "View") : "Report"}</Link>
                  {draft && canSend && (
                    <button type="button" className="text-slate-500 hover:text-red-600" onClick={() => setDeleting(c)}>Delete</button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <ConfirmDialog open={deleting !== null} title="Delete draft?" confirmLabel="Delete" danger busy={busy} error={error} onConfirm={remove} onCancel={() => setDeleting(null)}>
        <p>The draft “{deleting?.name}” will be deleted. Nothing was sent for it.</p>
      </ConfirmDialog>
    </div>
  );
}
