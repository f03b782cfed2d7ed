"use client";
import { cn } from "../ui/cn";
import { RelativeTime } from "../ui/time";
import type { TConversationRow, TCounts, TFilters } from "./types";

const VIEWS: Array<{ key: TFilters["view"]; label: string }> = [
  { key: "mine", label: "Mine" },
  { key: "unassigned", label: "Unassigned" },
  { key: "all", label: "All" },
];

export function ConversationList(props: {
  filters: TFilters;
  onFilters: (f: TFilters) => void;
  counts: TCounts | null;
  items: TConversationRow[] | null;
  selectedId: string | null;
  onSelect: (id: string) => void;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  error: string | null;
}) {
  const { filters, onFilters, counts, items, selectedId } = props;
  return (
    <section className="flex w-64 shrink-0 flex-col xl:w-80 border-r border-slate-200 bg-white" aria-label="Conversations">
      <div className="space-y-2 border-b border-slate-200 p-3">
        <div className="flex gap-2">
        <input
          type="search"
          value={filters.q}
          onChange={(e) => onFilters({ ...filters, q: e.target.value })}
          placeholder="Search name, @username or text"
          aria-label="Search conversations"
          className="min-w-0 flex-1 rounded-md border border-slate-300 px-3 py-1.5 text-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30"
        />
        <select
          aria-label="Status"
          value={filters.status}
          onChange={(e) => onFilters({ ...filters, status: e.target.value as TFilters["status"] })}
          className="rounded-md border border-slate-300 px-1.5 py-1 text-xs"
        >
          <option value="open">Open</option>
          <option value="closed">Closed</option>
        </select>
        </div>
        <div className="flex items-center gap-0.5 xl:gap-1" role="tablist" aria-label="Which conversations">
          {VIEWS.map((v) => (
            <button
              key={v.key}
              role="tab"
              aria-selected={filters.view === v.key}
              onClick={() => onFilters({ ...filters, view: v.key })}
              className={cn(
                "shrink-0 rounded-md px-2 py-1 text-xs font-medium xl:px-2.5",
                filters.view === v.key ? "bg-brand-50 text-brand-700" : "text-slate-600 hover:bg-slate-100",
              )}
            >
              {v.label}
              {counts && <span className="ml-1 text-slate-500">{counts[v.key]}</span>}
            </button>
          ))}
        </div>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto" data-testid="conversation-list">
        {props.error && <p role="alert" className="p-4 text-sm text-red-700">{props.error}</p>}
        {!items && !props.error && <ListSkeleton />}
        {items && items.length === 0 && (
          <div className="p-6 text-center text-sm text-slate-500">
            {filters.q ? "No conversation matches this search." : filters.view === "mine" ? "No conversations are assigned to you." : "Nothing here. New messages will appear live."}
          </div>
        )}
        <ul>
          {items?.map((c) => (
            <li key={c.id}>
              <button
                onClick={() => props.onSelect(c.id)}
                data-testid="conversation-item"
                data-conversation-id={c.id}
                aria-current={c.id === selectedId ? "true" : undefined}
                className={cn(
                  "block w-full border-b border-slate-100 px-3 py-2.5 text-left hover:bg-slate-50",
                  c.id === selectedId && "bg-brand-50 hover:bg-brand-50",
                )}
              >
                <div className="flex items-baseline gap-2">
                  <span className={cn("truncate text-sm", c.unread > 0 ? "font-semibold text-slate-900" : "text-slate-800")}>{c.user.name}</span>
                  {c.user.blocked && <span className="rounded bg-red-50 px-1 text-[10px] font-medium text-red-700">blocked</span>}
                  <span className="ml-auto shrink-0 text-[11px] text-slate-400"><RelativeTime iso={c.lastMessageAt} /></span>
                </div>
                <div className="mt-0.5 flex items-center gap-2">
                  <span className="truncate text-xs text-slate-500">
                    {c.previewDirection === "out" && <span className="text-slate-400">↪ </span>}
                    {c.preview ?? "…"}
                  </span>
                  {c.unread > 0 && (
                    <span className="ml-auto shrink-0 rounded-full bg-brand-600 px-1.5 text-[10px] font-semibold text-white" aria-label={`${c.unread} unread`}>
                      {c.unread > 99 ? "99+" : c.unread}
                    </span>
                  )}
                </div>
                <div className="mt-0.5 flex items-center gap-2 text-[11px] text-slate-500">
                  {wantsHuman(c) && (
                    <span
                      className="shrink-0 rounded bg-amber-100 px-1 text-[10px] font-semibold text-amber-900 ring-1 ring-amber-300"
                      title="The user asked for a person (keyword, button or flow); the bot's automated replies are paused while a person handles it."
                      data-testid="handoff-badge"
                    >
                      wants a human
                    </span>
                  )}
                  <span className="truncate">{c.assignee ? `→ ${c.assignee.name}` : "unassigned"}</span>
                </div>
              </button>
            </li>
          ))}
        </ul>
        {props.hasMore && (
          <button onClick={props.onLoadMore} disabled={props.loadingMore} className="w-full p-3 text-xs font-medium text-brand-600 hover:bg-slate-50">
            {props.loadingMore ? "Loading…" : "Load more"}
          </button>
        )}
      </div>
    </section>
  );
}

/** Asked for a person (handoff) and still waiting: nobody has taken it, or the user wrote last. */
function wantsHuman(c: TConversationRow): boolean {
  return c.handoff && c.status === "open" && (c.assignee === null || c.previewDirection === "in");
}

function ListSkeleton() {
  return (
    <div className="space-y-3 p-3" aria-label="Loading conversations">
      {Array.from({ length: 6 }, (_, i) => (
        <div key={i} className="animate-pulse space-y-1.5">
          <div className="h-3 w-1/2 rounded bg-slate-200" />
          <div className="h-2.5 w-3/4 rounded bg-slate-100" />
        </div>
      ))}
    </div>
  );
}
