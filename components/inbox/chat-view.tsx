"use client";
import { useLayoutEffect, useRef } from "react";
import { cn } from "../ui/cn";
import type { TMessageView } from "./types";
import { FormattedText } from "./formatted-text";
import { bubbleTone } from "./bubble-tone";

const STATE_LABEL: Record<TMessageView["state"], string> = {
  received: "",
  pending: "sending…",
  sending: "sending…",
  sent: "sent",
  failed: "failed",
  note: "note",
};

function time(iso: string) {
  return new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

export function ChatView(props: { messages: TMessageView[] | null; hasMore: boolean; loadingOlder: boolean; onLoadOlder: () => void }) {
  const box = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const prevHeight = useRef(0);
  const firstId = props.messages?.[0]?.id;

  // Stay at the bottom when new messages arrive (if we were there); keep the
  // scroll position when older history is prepended.
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    if (stick.current) el.scrollTop = el.scrollHeight;
    else if (prevHeight.current && el.scrollHeight > prevHeight.current && el.scrollTop < 50) el.scrollTop = el.scrollHeight - prevHeight.current;
    prevHeight.current = el.scrollHeight;
  }, [props.messages, firstId]);

  return (
    <div
      ref={box}
      className="min-h-0 flex-1 space-y-2 overflow-y-auto bg-slate-50 px-6 py-4"
      data-testid="chat-messages"
      onScroll={(e) => {
        const el = e.currentTarget;
        stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
        if (el.scrollTop < 80 && props.hasMore && !props.loadingOlder) {
          prevHeight.current = el.scrollHeight;
          props.onLoadOlder();
        }
      }}
    >
      {props.hasMore && <div className="text-center text-xs text-slate-400">{props.loadingOlder ? "Loading earlier messages…" : "Scroll up for earlier messages"}</div>}
      {!props.messages && <div className="text-center text-sm text-slate-400">Loading messages…</div>}
      {props.messages?.length === 0 && <div className="text-center text-sm text-slate-400">No messages yet.</div>}
      {props.messages?.map((m) => {
        const tone = bubbleTone(m);
        return (
        <div key={m.id} className={cn("flex", m.direction === "in" ? "justify-start" : "justify-end")}>
          <div
            data-testid="message"
            data-state={m.state}
            className={cn(
              "max-w-[70%] whitespace-pre-wrap break-words rounded-lg px-3 py-2 text-sm shadow-sm",
              tone.bubble,
            )}
          >
            {m.note && <div className="mb-0.5 text-[10px] font-semibold uppercase tracking-wide text-amber-800">Internal note · {m.sender?.name}</div>}
            {m.media?.kind === "photo" && m.media.uploadId && (
              // eslint-disable-next-line @next/next/no-img-element -- a private, authenticated file; next/image cannot optimise it
              <img src={`/api/inbox/uploads/${m.media.uploadId}`} alt="Photo sent by an agent" className="mb-1 max-h-64 rounded" data-testid="message-photo" />
            )}
            {m.media?.kind === "photo" && !m.media.uploadId && <div className="mb-1 text-xs opacity-75">📷 Photo</div>}
            {m.text !== null && m.sender ? <FormattedText text={m.text} /> : (m.text ?? (m.media ? "" : "(no text)"))}
            {m.buttons?.inline_keyboard && (
              <div className="mt-1.5 flex flex-wrap gap-1">
                {m.buttons.inline_keyboard.flat().map((b, i) => (
                  <span key={i} className={cn("rounded border px-1.5 py-0.5 text-[11px]", tone.button)}>{b.text}</span>
                ))}
              </div>
            )}
            <div className={cn("mt-1 text-right text-[10px]", tone.meta)}>
              {m.direction === "out" && !m.note && m.sender && `${m.sender.name} · `}
              {m.direction === "out" && !m.note && !m.sender && "bot · "}
              {time(m.createdAt)}
              {m.direction === "out" && !m.note && (
                <span data-testid="delivery-state">
                  {" · "}
                  {m.state === "failed" ? `failed: ${m.failureReason ?? "unknown reason"}` : STATE_LABEL[m.state]}
                </span>
              )}
            </div>
          </div>
        </div>
        );
      })}
    </div>
  );
}
