"use client";
// Live inbox events in the browser: an EventSource on /api/inbox/stream that never
// loses its place. The browser reconnects by itself (sending Last-Event-ID); when it
// gives up (an HTTP error closes the EventSource) this hook reopens it with
// `?after=<last id seen>`, backing off, and at once when the network comes back.
import { useEffect, useRef, useState } from "react";
import { INBOX_EVENT_KINDS, ZInboxEvent, ZResyncEvent, type TInboxWireEvent } from "@/lib/realtime/schemas";

export type TInboxStreamStatus = "connecting" | "live" | "reconnecting";

export type TUseInboxStreamOptions = {
  /** false: no connection (default true). */
  enabled?: boolean;
  /**
   * Reload lists and open conversations: the stream could not replay what was missed, or the
   * browser was offline while the stream stayed open (what the page fetched meanwhile failed).
   * Events keep coming.
   */
  onResync?: () => void;
  /** Resume after this event id, e.g. the cursor a page loaded with its data (inboxCursor() on the server). */
  after?: string | null;
  url?: string;
};

const MAX_BACKOFF_MS = 30_000;

export function useInboxStream(
  onEvent: (e: TInboxWireEvent) => void,
  opts: TUseInboxStreamOptions = {},
): { status: TInboxStreamStatus } {
  const enabled = opts.enabled ?? true;
  const url = opts.url ?? "/api/inbox/stream";
  const [status, setStatus] = useState<TInboxStreamStatus>("connecting");
  const onEventRef = useRef(onEvent);
  const onResyncRef = useRef(opts.onResync);
  const lastIdRef = useRef<string | null>(opts.after ?? null);

  useEffect(() => {
    onEventRef.current = onEvent;
    onResyncRef.current = opts.onResync;
  });

  useEffect(() => {
    if (!enabled) return;
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | null = null;
    let failures = 0;
    let disposed = false;

    /** Advances the cursor; false for an id at or before it (already seen). */
    const advance = (id: string): boolean => {
      const last = lastIdRef.current;
      if (last !== null && BigInt(id) <= BigInt(last)) return false;
      lastIdRef.current = id;
      return true;
    };

    const onMessage = (msg: MessageEvent<string>) => {
      const parsed = ZInboxEvent.safeParse(safeJson(msg.data));
      if (!parsed.success || !advance(parsed.data.id)) return;
      onEventRef.current(parsed.data);
    };

    const onResyncMessage = (msg: MessageEvent<string>) => {
      const parsed = ZResyncEvent.safeParse(safeJson(msg.data));
      if (!parsed.success) return;
      advance(parsed.data.id);
      onResyncRef.current?.();
    };

    const open = () => {
      if (disposed) return;
      const after = lastIdRef.current;
      const target = after ? `${url}${url.includes("?") ? "&" : "?"}after=${encodeURIComponent(after)}` : url;
      const es = new EventSource(target);
      source = es;
      es.onopen = () => {
        failures = 0;
        setStatus("live");
      };
      for (const kind of INBOX_EVENT_KINDS) es.addEventListener(kind, onMessage);
      es.addEventListener("resync", onResyncMessage);
      es.onerror = () => {
        if (source !== es) return;
        setStatus("reconnecting");
        // CONNECTING: the browser retries by itself, with Last-Event-ID. CLOSED: it gave up.
        if (es.readyState === EventSource.CLOSED) {
          es.close();
          source = null;
          scheduleReopen();
        }
      };
    };

    const scheduleReopen = () => {
      if (disposed || retryTimer) return;
      const base = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(failures, 5));
      failures++;
      retryTimer = setTimeout(() => {
        retryTimer = null;
        open();
      }, Math.round(base * (0.75 + Math.random() * 0.5)));
    };

    const onOnline = () => {
      if (source || !retryTimer) return;
      clearTimeout(retryTimer);
      retryTimer = null;
      open();
    };

    // The browser knows before the stream does: say so at once, and recheck when back. A
    // stream that stayed open through the outage missed no event, but what the page fetched
    // meanwhile failed: the consumer reloads as after a resync.
    const onOffline = () => setStatus("reconnecting");
    const onOnlineStatus = () => {
      if (source?.readyState !== EventSource.OPEN) return;
      setStatus("live");
      onResyncRef.current?.();
    };

    setStatus("connecting");
    window.addEventListener("online", onOnline);
    window.addEventListener("online", onOnlineStatus);
    window.addEventListener("offline", onOffline);
    open();
    return () => {
      disposed = true;
      source?.close();
      source = null;
      if (retryTimer) clearTimeout(retryTimer);
      window.removeEventListener("online", onOnline);
      window.removeEventListener("online", onOnlineStatus);
      window.removeEventListener("offline", onOffline);
    };
  }, [enabled, url]);

  return { status };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
