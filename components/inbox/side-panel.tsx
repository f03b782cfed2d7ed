"use client";
import Link from "next/link";
import { RelativeTime } from "../ui/time";
import { TagPicker } from "../tags/tag-picker";
import type { TConversationDetail, TMe, TStaffOption } from "./types";

const EVENT_LABELS: Record<string, string> = {
  start: "started the bot", message_received: "wrote a message", command: "sent a command", button_click: "pressed a button",
  bot_blocked: "blocked the bot", bot_unblocked: "unblocked the bot", tag_added: "got a tag", tag_removed: "lost a tag",
};

export function SidePanel(props: {
  detail: TConversationDetail;
  me: TMe;
  staff: TStaffOption[];
  onAssign: (assigneeId: string | null) => void;
  onStatus: (status: "open" | "closed") => void;
  onAddTag: (ref: { tagId: string } | { name: string }) => Promise<void>;
  onRemoveTag: (tagId: string) => void;
}) {
  const { detail, me } = props;
  const p = detail.profile;
  const canChangeAssignee = me.seesAll || !detail.assignee || detail.assignee.id === me.id;
  return (
    <aside className="min-h-0 w-72 shrink-0 flex-1 space-y-5 overflow-y-auto border-l border-slate-200 bg-white p-4 text-sm" aria-label="Conversation details">
      <div>
        <Link href={`/users/${detail.user.id}`} className="font-semibold text-slate-900 hover:underline">{detail.user.name}</Link>
        <div className="text-xs text-slate-500">
          {detail.user.username ? `@${detail.user.username}` : "no username"} · {detail.user.language ?? "?"} · {detail.bot.username ? `@${detail.bot.username}` : ""}
        </div>
        {detail.user.blocked && <div className="mt-1 rounded bg-red-50 px-2 py-1 text-xs font-medium text-red-700" data-testid="blocked-banner">This user blocked the bot. Messages cannot be delivered.</div>}
      </div>

      <section>
        <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Assignee</h3>
        <select
          aria-label="Assignee"
          value={detail.assignee?.id ?? ""}
          disabled={!canChangeAssignee}
          onChange={(e) => props.onAssign(e.target.value || null)}
          className="w-full rounded-md border border-slate-300 px-2 py-1 text-sm disabled:bg-slate-50"
        >
          <option value="">Unassigned</option>
          {props.staff.map((s) => (
            <option key={s.id} value={s.id}>{s.id === me.id ? `${s.name} (me)` : s.name}</option>
          ))}
        </select>
        <div className="mt-2 flex gap-2">
          {detail.status === "open" ? (
            <button onClick={() => props.onStatus("closed")} className="rounded-md px-2 py-1 text-xs font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50">Close conversation</button>
          ) : (
            <button onClick={() => props.onStatus("open")} className="rounded-md px-2 py-1 text-xs font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50">Reopen</button>
          )}
        </div>
      </section>

      <section>
        <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Tags</h3>
        <ul className="mb-2 flex flex-wrap gap-1" data-testid="conversation-tags">
          {p.tags.length === 0 && <li className="text-xs text-slate-400">No tags yet.</li>}
          {p.tags.map((t) => (
            <li key={t.id} className="flex items-center gap-1 rounded-full px-2 py-0.5 text-xs text-white" style={{ background: t.color }} title={`${t.via.toLowerCase()}${t.by ? ` · ${t.by}` : ""} · ${new Date(t.appliedAt).toLocaleString()}`}>
              {t.name}
              <button aria-label={`Remove tag ${t.name}`} onClick={() => props.onRemoveTag(t.id)} className="opacity-70 hover:opacity-100">×</button>
            </li>
          ))}
        </ul>
        <TagPicker existing={p.tags.map((t) => t.name)} onAdd={props.onAddTag} />
      </section>

      <section>
        <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Profile</h3>
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
          <dt className="text-slate-500">Source</dt><dd className="font-mono">{p.source ?? "direct"}</dd>
          <dt className="text-slate-500">First seen</dt><dd><RelativeTime iso={p.firstSeenAt} /></dd>
          <dt className="text-slate-500">Last seen</dt><dd><RelativeTime iso={p.lastSeenAt} /></dd>
          <dt className="text-slate-500">Telegram id</dt><dd className="font-mono">{p.telegramId}</dd>
          {Object.entries(p.attributes).slice(0, 10).map(([k, v]) => (
            <div key={k} className="contents"><dt className="text-slate-500">{k}</dt><dd className="truncate">{String(v)}</dd></div>
          ))}
        </dl>
      </section>

      <section>
        <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Recent activity</h3>
        <ul className="space-y-1 text-xs">
          {p.events.map((e) => (
            <li key={e.id} className="flex gap-2"><span className="text-slate-700">{EVENT_LABELS[e.name] ?? e.name}</span><span className="ml-auto shrink-0 text-slate-400"><RelativeTime iso={e.occurredAt} /></span></li>
          ))}
        </ul>
      </section>

      {detail.assignments.length > 0 && (
        <section>
          <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Assignment history</h3>
          <ul className="space-y-1 text-xs text-slate-600" data-testid="assignment-history">
            {detail.assignments.map((a) => (
              <li key={a.id}>
                {a.to ? `→ ${a.to}` : "unassigned"}{a.from ? ` (from ${a.from})` : ""}{a.by ? ` by ${a.by}` : ""} · <RelativeTime iso={a.at} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </aside>
  );
}
