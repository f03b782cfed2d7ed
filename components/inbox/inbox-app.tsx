"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { fetchJson, ApiError } from "../ui/fetch-json";
import { addUserTag, removeUserTag, type TTagRef } from "../tags/user-tags-api";
import { useInboxStream } from "../realtime/use-inbox-stream";
import { ConversationList } from "./conversation-list";
import { ChatView } from "./chat-view";
import { Composer } from "./composer";
import { SidePanel } from "./side-panel";
import type { TConversationDetail, TConversationRow, TCounts, TFilters, TMe, TMessageView, TStaffOption } from "./types";
import { compareMessages } from "@/lib/inbox/message-order";
import { cn } from "../ui/cn";

type TListResponse = { items: TConversationRow[]; nextCursor: string | null; counts: TCounts };
const message = (e: unknown, fallback: string) => (e instanceof ApiError ? e.message : fallback);

function newClientId(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `c${Date.now()}${Math.random().toString(36).slice(2)}`;
}

/** Merge one message into a list: replace by id or by the sender's clientId, else insert in chat order. */
function mergeMessage(list: TMessageView[], m: TMessageView): TMessageView[] {
  const i = list.findIndex((x) => x.id === m.id || (m.clientId !== null && x.clientId === m.clientId));
  if (i >= 0) return list.map((x, k) => (k === i ? m : x));
  const next = [...list, m];
  next.sort(compareMessages);
  return next;
}

export function InboxApp({ me, staff, initialConversationId, streamAfter }: { me: TMe; staff: TStaffOption[]; initialConversationId: string | null; streamAfter: string }) {
  const [filters, setFilters] = useState<TFilters>({ view: me.seesAll ? "all" : "mine", status: "open", q: "" });
  const [list, setList] = useState<TConversationRow[] | null>(null);
  const [counts, setCounts] = useState<TCounts | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [selectedId, setSelectedId] = useState<string | null>(initialConversationId);
  const [detail, setDetail] = useState<TConversationDetail | null>(null);
  const [messages, setMessages] = useState<TMessageView[] | null>(null);
  const [hasOlder, setHasOlder] = useState(false);
  const [loadingOlder, setLoadingOlder] = useState(false);
  /** Below xl the details panel is an overlay behind a toggle; from xl it is always shown. */
  const [panelOpen, setPanelOpen] = useState(false);
  const listAbort = useRef<AbortController | null>(null);
  const timers = useRef<Record<string, ReturnType<typeof setTimeout>>>({});
  const selectedRef = useRef(selectedId);
  selectedRef.current = selectedId;

  const debounce = useCallback((key: string, ms: number, fn: () => void) => {
    clearTimeout(timers.current[key]);
    timers.current[key] = setTimeout(fn, ms);
  }, []);

  const loadList = useCallback(async (f: TFilters) => {
    listAbort.current?.abort();
    const ctrl = new AbortController();
    listAbort.current = ctrl;
    const params = new URLSearchParams({ view: f.view, status: f.status, ...(f.q.trim() ? { q: f.q.trim() } : {}) });
    try {
      const r = await fetchJson<TListResponse>(`/api/inbox/conversations?${params}`, { signal: ctrl.signal });
      if (ctrl.signal.aborted) return;
      setList(r.items);
      setCursor(r.nextCursor);
      setCounts(r.counts);
      setListError(null);
    } catch (e) {
      if (!ctrl.signal.aborted) setListError(message(e, "Could not load conversations."));
    }
  }, []);

  const shownDetailId = useRef<string | null>(null);
  const loadDetail = useCallback(async (id: string) => {
    try {
      const r = await fetchJson<{ conversation: TConversationDetail }>(`/api/inbox/conversations/${id}`);
      if (selectedRef.current === id) {
        shownDetailId.current = id;
        setDetail(r.conversation);
      }
    } catch (e) {
      if (selectedRef.current !== id) return;
      // Refreshing the open chat failed for a passing reason (network, server error): keep it
      // open, with the agent's draft; only a conversation that is gone or no longer ours closes.
      const gone = e instanceof ApiError && (e.status === 403 || e.status === 404);
      if (shownDetailId.current === id && !gone) return void toast.error(message(e, "Could not refresh the conversation."), { id: `refresh-${id}` });
      toast.error(message(e, "Could not open the conversation."));
      setSelectedId(null);
    }
  }, []);

  const markRead = useCallback((id: string) => {
    void fetchJson(`/api/inbox/conversations/${id}`, { method: "PATCH", json: { read: true } }).catch(() => undefined);
  }, []);

  // The list follows the filters (search debounced; a newer request cancels the older one).
  useEffect(() => {
    debounce("list", filters.q ? 250 : 0, () => void loadList(filters));
  }, [filters, loadList, debounce]);

  // Opening a conversation: details, the newest page of messages, mark as read.
  useEffect(() => {
    setDetail(null);
    shownDetailId.current = null;
    setMessages(null);
    if (!selectedId) return;
    const url = new URL(window.location.href);
    url.searchParams.set("c", selectedId);
    window.history.replaceState(null, "", url);
    void loadDetail(selectedId);
    fetchJson<{ items: TMessageView[]; hasMore: boolean }>(`/api/inbox/conversations/${selectedId}/messages`)
      .then((r) => {
        if (selectedRef.current !== selectedId) return;
        setMessages(r.items);
        setHasOlder(r.hasMore);
      })
      .catch((e: unknown) => toast.error(message(e, "Could not load messages.")));
    markRead(selectedId);
  }, [selectedId, loadDetail, markRead]);

  /** Re-reads the newest page of the open chat and merges it (after a resync, or while replies are in flight). */
  const refreshLatest = useCallback(async (id: string) => {
    try {
      const r = await fetchJson<{ items: TMessageView[] }>(`/api/inbox/conversations/${id}/messages`);
      if (selectedRef.current === id) setMessages((prev) => r.items.reduce((acc, m) => mergeMessage(acc, m), prev ?? []));
    } catch {
      // the live stream or the next check will catch up
    }
  }, []);

  // Belt and braces: while a reply is still sending, check its state every few seconds,
  // so the chat shows the truth even if a live event was missed.
  const inFlight = messages?.some((m) => (m.state === "pending" || m.state === "sending") && !m.id.startsWith("local-")) ?? false;
  useEffect(() => {
    if (!inFlight || !selectedId) return;
    const t = setInterval(() => void refreshLatest(selectedId), 4000);
    return () => clearInterval(t);
  }, [inFlight, selectedId, refreshLatest]);

  const stream = useInboxStream(
    (e) => {
      const conversationId = e.conversationId;
      const selected = selectedRef.current;
      if (e.kind !== "typing" && e.kind !== "tags.changed") debounce("list", 150, () => void loadList(filtersRef.current));
      if (e.kind === "tags.changed" && selected) debounce("detail", 100, () => void loadDetail(selected));
      if (!conversationId) return;
      if ((e.kind === "message.created" || e.kind === "message.updated") && conversationId === selected) {
        const m = (e.payload as { message?: TMessageView }).message;
        if (m) setMessages((prev) => (prev ? mergeMessage(prev, m) : prev));
        if (m?.direction === "in") debounce("read", 300, () => markRead(conversationId));
        // A user's message reopens a closed conversation (intake does it without its own event).
        if (m?.direction === "in" && detailRef.current?.status === "closed") debounce("detail", 100, () => void loadDetail(conversationId));
      }
      if (conversationId === selected && e.kind === "conversation.assigned" && !me.seesAll) {
        // An agent only sees unassigned chats and their own: one passed to someone else closes here.
        const p = e.payload as { assigneeId?: string | null; assigneeName?: string | null };
        if (p.assigneeId && p.assigneeId !== me.id) {
          setSelectedId(null);
          toast.success(`Assigned to ${p.assigneeName ?? "someone else"}.`, { id: `conversation-${conversationId}` });
          return;
        }
      }
      if (conversationId === selected && (e.kind === "conversation.assigned" || e.kind === "conversation.updated")) {
        debounce("detail", 100, () => void loadDetail(conversationId));
      }
    },
    {
      after: streamAfter,
      onResync: () => {
        void loadList(filtersRef.current);
        if (selectedRef.current) {
          void loadDetail(selectedRef.current);
          void refreshLatest(selectedRef.current);
        }
      },
    },
  );
  const filtersRef = useRef(filters);
  filtersRef.current = filters;
  const detailRef = useRef(detail);
  detailRef.current = detail;

  async function loadMore() {
    if (!cursor) return;
    setLoadingMore(true);
    const params = new URLSearchParams({ view: filters.view, status: filters.status, cursor, ...(filters.q.trim() ? { q: filters.q.trim() } : {}) });
    try {
      const r = await fetchJson<TListResponse>(`/api/inbox/conversations?${params}`);
      setList((prev) => [...(prev ?? []), ...r.items.filter((i) => !prev?.some((p) => p.id === i.id))]);
      setCursor(r.nextCursor);
    } catch (e) {
      toast.error(message(e, "Could not load more conversations."));
    } finally {
      setLoadingMore(false);
    }
  }

  async function loadOlder() {
    const first = messages?.[0];
    if (!selectedId || !first) return;
    setLoadingOlder(true);
    try {
      const r = await fetchJson<{ items: TMessageView[]; hasMore: boolean }>(`/api/inbox/conversations/${selectedId}/messages?before=${first.id}`);
      setMessages((prev) => [...r.items, ...(prev ?? []).filter((m) => !r.items.some((o) => o.id === m.id))]);
      setHasOlder(r.hasMore);
    } catch (e) {
      toast.error(message(e, "Could not load earlier messages."));
    } finally {
      setLoadingOlder(false);
    }
  }

  async function send(text: string, note: boolean): Promise<boolean> {
    if (!selectedId) return false;
    const clientId = newClientId();
    const optimistic: TMessageView = {
      id: `local-${clientId}`, conversationId: selectedId, direction: "out", text, media: null, buttons: null,
      state: note ? "note" : "pending", failureReason: null, note, clientId, createdAt: new Date().toISOString(), sentAt: null, telegramMessageId: null,
      sender: { id: me.id, name: me.name },
    };
    setMessages((prev) => mergeMessage(prev ?? [], optimistic));
    try {
      const r = await fetchJson<{ message: TMessageView }>(`/api/inbox/conversations/${selectedId}/messages`, { method: "POST", json: { clientId, text, note } });
      setMessages((prev) => mergeMessage(prev ?? [], r.message));
      return true;
    } catch (e) {
      setMessages((prev) => (prev ?? []).filter((m) => m.clientId !== clientId));
      toast.error(message(e, "The message was not sent."));
      return false;
    }
  }

  async function sendPhoto(file: File, caption: string): Promise<boolean> {
    if (!selectedId) return false;
    const form = new FormData();
    form.set("clientId", newClientId());
    form.set("caption", caption);
    form.set("file", file);
    try {
      const r = await fetchJson<{ message: TMessageView }>(`/api/inbox/conversations/${selectedId}/messages`, { method: "POST", body: form });
      setMessages((prev) => mergeMessage(prev ?? [], r.message));
      return true;
    } catch (e) {
      toast.error(message(e, "The photo was not sent."));
      return false;
    }
  }

  async function patch(body: Record<string, unknown>, done?: string) {
    if (!selectedId) return;
    try {
      const id = selectedId;
      const r = await fetchJson<{ conversation: TConversationDetail | null }>(`/api/inbox/conversations/${id}`, { method: "PATCH", json: body });
      // null: passed on to someone else, so no longer ours to see.
      if (r.conversation) setDetail(r.conversation);
      else if (selectedRef.current === id) setSelectedId(null);
      if (done) toast.success(done, { id: `conversation-${id}` });
    } catch (e) {
      toast.error(message(e, "Could not change the conversation."));
    }
  }

  async function addTag(ref: TTagRef) {
    if (!detail) return;
    try {
      const name = await addUserTag(detail.user.id, ref);
      toast.success(`Tagged ${detail.user.name} with “${name}”.`);
      await loadDetail(detail.id);
    } catch (e) {
      toast.error(message(e, "Could not add the tag."));
    }
  }

  async function removeTag(tagId: string) {
    if (!detail) return;
    try {
      await removeUserTag(detail.user.id, tagId);
      await loadDetail(detail.id);
    } catch (e) {
      toast.error(message(e, "Could not remove the tag."));
    }
  }

  // Why the composer cannot send here, and what the agent can do about it. Sending to a closed
  // conversation would deliver but leave it closed (and out of everyone's Open list): reopen first.
  const blocked = detail?.user.blocked ?? false;
  const disabledReason = !detail
    ? null
    : blocked
      ? `${detail.user.name} blocked the bot: replies cannot be delivered. You can write again when they unblock it and write to the bot.`
      : detail.status === "closed"
        ? "This conversation is closed. Reopen it to reply."
        : null;
  const disabledAction = detail && !blocked && detail.status === "closed" ? { label: "Reopen conversation", onClick: () => void patch({ status: "open" }, "Conversation reopened.") } : null;

  return (
    <div className="relative -mx-8 -my-6 flex h-screen min-h-0">
      <ConversationList
        filters={filters}
        onFilters={setFilters}
        counts={counts}
        items={list}
        selectedId={selectedId}
        onSelect={setSelectedId}
        hasMore={cursor !== null}
        loadingMore={loadingMore}
        onLoadMore={() => void loadMore()}
        error={listError}
      />
      <section className="flex min-w-0 flex-1 flex-col" aria-label="Chat">
        <header className="flex h-12 items-center gap-3 border-b border-slate-200 bg-white px-4">
          <h1 className="min-w-0 truncate text-sm font-semibold text-slate-900" data-testid="chat-title">{detail ? detail.user.name : selectedId ? "Loading…" : "Inbox"}</h1>
          {detail && <span className="truncate text-xs text-slate-500">{detail.status === "open" ? "open" : "closed"} · {detail.assignee ? `assigned to ${detail.assignee.name}` : "unassigned"}</span>}
          <span className="ml-auto flex shrink-0 items-center gap-1.5 text-xs text-slate-500" data-testid="stream-status" data-status={stream.status}>
            <span className={`h-2 w-2 rounded-full ${stream.status === "live" ? "bg-emerald-500" : "bg-amber-400"}`} />
            {stream.status === "live" ? "live" : stream.status === "connecting" ? "connecting…" : "reconnecting…"}
          </span>
          {detail && (
            <button
              type="button"
              onClick={() => setPanelOpen((v) => !v)}
              aria-expanded={panelOpen}
              aria-controls="conversation-details"
              className="shrink-0 rounded-md px-2 py-1 text-xs font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 xl:hidden"
            >
              Details
            </button>
          )}
        </header>
        {selectedId ? (
          <>
            <ChatView messages={messages} hasMore={hasOlder} loadingOlder={loadingOlder} onLoadOlder={() => void loadOlder()} />
            <Composer conversationId={selectedId} disabledReason={disabledReason} disabledAction={disabledAction} onSend={send} onSendPhoto={sendPhoto} />
          </>
        ) : (
          <div className="flex flex-1 items-center justify-center bg-slate-50 text-sm text-slate-500">
            {list && list.length > 0 ? "Pick a conversation on the left." : "When users write to your bots, their conversations appear here live."}
          </div>
        )}
      </section>
      {detail && (
        <div
          id="conversation-details"
          className={cn("xl:static xl:flex xl:flex-col xl:shadow-none", panelOpen ? "absolute inset-y-0 right-0 z-20 flex flex-col bg-white shadow-xl" : "hidden")}
        >
          <button type="button" onClick={() => setPanelOpen(false)} className="self-end px-3 pt-2 text-xs font-medium text-slate-600 hover:text-slate-900 xl:hidden">
            Close details ×
          </button>
          <SidePanel
          detail={detail}
          me={me}
          staff={staff}
          onAssign={(assigneeId) => void patch({ assigneeId }, assigneeId ? `Assigned to ${staff.find((s) => s.id === assigneeId)?.name ?? "them"}.` : "Unassigned.")}
          onStatus={(status) => void patch({ status }, status === "closed" ? "Conversation closed." : "Conversation reopened.")}
          onAddTag={addTag}
          onRemoveTag={(id) => void removeTag(id)}
          />
        </div>
      )}
    </div>
  );
}
