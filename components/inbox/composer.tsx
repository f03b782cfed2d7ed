"use client";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { cn } from "../ui/cn";
import { fetchJson } from "../ui/fetch-json";
import { hasFormatting } from "@/lib/inbox/format";
import { FormattedText } from "./formatted-text";
import { EmojiPicker } from "./emoji-picker";
import { matchCanned, moveHighlight, type TCanned } from "./canned-match";

const TEXT_LIMIT = 4096;
const CAPTION_LIMIT = 1024;
const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp"];

/**
 * Enter sends, Shift+Enter starts a new line, "/" opens canned replies (Up/Down pick,
 * Enter inserts, Escape closes), the note switch keeps it internal.
 */
export function Composer(props: {
  conversationId: string;
  /** Why nothing can be sent here (e.g. the user blocked the bot); the composer is replaced by it. */
  disabledReason: string | null;
  /** What the agent can do about it (e.g. reopen a closed conversation). */
  disabledAction?: { label: string; onClick: () => void } | null;
  onSend: (text: string, note: boolean) => Promise<boolean>;
  onSendPhoto: (file: File, caption: string) => Promise<boolean>;
}) {
  const [photo, setPhoto] = useState<File | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [text, setText] = useState("");
  const [note, setNote] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [canned, setCanned] = useState<TCanned[] | null>(null);
  const [cannedDismissed, setCannedDismissed] = useState(false);
  const [highlight, setHighlight] = useState(0);
  /** Enter was pressed once on a "/word" that matches no canned reply: the next Enter sends it as typed. */
  const [sendAsTyped, setSendAsTyped] = useState(false);
  const lastTyping = useRef(0);
  const area = useRef<HTMLTextAreaElement>(null);
  const length = [...text].length;

  useEffect(() => {
    setText("");
    setError(null);
    setNote(false);
    setPhoto(null);
    area.current?.focus();
  }, [props.conversationId]);

  // Escape closes the list until the "/word" is gone (however the text changed: typed, sent, another chat).
  useEffect(() => {
    if (!text.startsWith("/")) setCannedDismissed(false);
  }, [text]);

  const matches = cannedDismissed ? null : matchCanned(text, canned ?? []);
  const cannedOpen = matches !== null;
  const suggestions = matches ?? [];
  const active = Math.min(highlight, Math.max(0, suggestions.length - 1));

  // Each time the list opens, read the canned replies again: a teammate may have added one.
  useEffect(() => {
    if (!cannedOpen) return;
    let live = true;
    fetchJson<{ items: TCanned[] }>("/api/inbox/canned-replies")
      .then((r) => live && setCanned(r.items))
      .catch(() => live && setCanned((prev) => prev ?? []));
    return () => {
      live = false;
    };
  }, [cannedOpen]);

  function insertCanned(c: TCanned) {
    setText(c.text);
    setHighlight(0);
    setSendAsTyped(false);
    area.current?.focus();
  }

  const limit = photo ? CAPTION_LIMIT : TEXT_LIMIT;

  function validate(value: string): string | null {
    if (photo) {
      const n = [...value.trim()].length;
      return n > CAPTION_LIMIT ? `Captions can be at most ${CAPTION_LIMIT} characters (this one has ${n}).` : null;
    }
    if (!value.trim()) return "Write something before sending.";
    if ([...value].length > TEXT_LIMIT) return `Messages can be at most ${TEXT_LIMIT} characters (this one has ${[...value].length}).`;
    return null;
  }

  function pickPhoto(file: File | undefined) {
    if (fileInput.current) fileInput.current.value = "";
    if (!file) return;
    if (!PHOTO_TYPES.includes(file.type)) return setError(`${file.name} is not a photo Telegram can show: use a JPEG, PNG or WebP image.`);
    if (file.size > MAX_PHOTO_BYTES) return setError(`${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB; photos can be at most 10 MB.`);
    setError(null);
    setNote(false);
    setPhoto(file);
  }

  async function submit() {
    const problem = validate(text);
    if (problem) return setError(problem);
    setSending(true);
    const ok = photo ? await props.onSendPhoto(photo, text.trim()) : await props.onSend(text, note);
    setSending(false);
    if (ok) {
      setText("");
      setPhoto(null);
      setError(null);
    }
  }

  /** Wraps the selection (or inserts a placeholder) in formatting marks, keeping focus. */
  function wrap(before: string, after: string, placeholder: string) {
    const el = area.current;
    if (!el) return;
    const { selectionStart: a, selectionEnd: b } = el;
    const inner = text.slice(a, b) || placeholder;
    const next = text.slice(0, a) + before + inner + after + text.slice(b);
    onChange(next);
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(a + before.length, a + before.length + inner.length);
    });
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "b") return (e.preventDefault(), wrap("**", "**", "bold"));
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "i") return (e.preventDefault(), wrap("__", "__", "italic"));
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "k") return (e.preventDefault(), wrap("[", "](https://)", "link text"));
    if (e.nativeEvent.isComposing) return;
    if (cannedOpen && e.key === "Escape") return (e.preventDefault(), setCannedDismissed(true));
    if (cannedOpen && suggestions.length > 0 && (e.key === "ArrowDown" || e.key === "ArrowUp")) {
      e.preventDefault();
      return setHighlight(moveHighlight(active, suggestions.length, e.key === "ArrowDown" ? 1 : -1));
    }
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) return (e.preventDefault(), void submit()); // always as typed
    if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      if (cannedOpen && suggestions[active]) return insertCanned(suggestions[active]);
      // "/xyz" that matches nothing: say so, and send it only on a second Enter.
      if (cannedOpen && !sendAsTyped) return setSendAsTyped(true);
      void submit();
    }
  }

  function onChange(value: string) {
    setText(value);
    if (error) setError(null);
    setHighlight(0);
    setSendAsTyped(false);
    const now = Date.now();
    if (!note && value.trim() && now - lastTyping.current > 4000) {
      lastTyping.current = now;
      void fetch(`/api/inbox/conversations/${props.conversationId}/typing`, { method: "POST" }).catch(() => undefined);
    }
  }

  if (props.disabledReason) {
    return (
      <div className="flex items-center gap-3 border-t border-slate-200 bg-slate-50 p-3 text-sm text-slate-700" data-testid="composer-disabled">
        <p>{props.disabledReason}</p>
        {props.disabledAction && (
          <button type="button" onClick={props.disabledAction.onClick} className="ml-auto shrink-0 rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700">
            {props.disabledAction.label}
          </button>
        )}
      </div>
    );
  }

  return (
    <div className={cn("border-t p-3", note ? "border-amber-300 bg-amber-50" : "border-slate-200 bg-white")}>
      {cannedOpen && canned && suggestions.length > 0 && (
        <ul className="mb-2 rounded-md border border-slate-200 bg-white text-sm shadow-sm" aria-label="Canned replies">
          {suggestions.map((s, i) => (
            <li key={s.id}>
              <button
                type="button"
                aria-current={i === active ? "true" : undefined}
                data-highlighted={i === active ? "true" : undefined}
                className={cn("block w-full truncate px-3 py-1.5 text-left", i === active ? "bg-brand-50" : "hover:bg-slate-50")}
                onMouseEnter={() => setHighlight(i)}
                onClick={() => insertCanned(s)}
              >
                <span className="font-mono text-brand-700">/{s.shortcut}</span> <span className="text-slate-600">{s.text}</span>
              </button>
            </li>
          ))}
          <li className="border-t border-slate-100 px-3 py-1 text-[11px] text-slate-500">↑↓ to choose · Enter to insert · Esc to close</li>
        </ul>
      )}
      {cannedOpen && canned && suggestions.length === 0 && (
        <p className="mb-2 rounded-md border border-slate-200 bg-white px-3 py-1.5 text-sm text-slate-600" role="status" data-testid="canned-no-match">
          {canned.length === 0 ? "No canned replies yet (add them in Settings)." : <>No canned reply matches <span className="font-mono">{text}</span>.</>}{" "}
          {sendAsTyped ? <strong className="text-slate-800">Press Enter again to send it as typed.</strong> : "Enter twice (or Ctrl+Enter) sends it as typed; Esc closes."}
        </p>
      )}
      <div className="mb-1.5 flex items-center gap-1 text-xs text-slate-600" role="toolbar" aria-label="Formatting">
        <button type="button" title="Bold (Ctrl+B)" aria-label="Bold" onClick={() => wrap("**", "**", "bold")} className="rounded px-1.5 py-0.5 font-bold hover:bg-slate-100">B</button>
        <button type="button" title="Italic (Ctrl+I)" aria-label="Italic" onClick={() => wrap("__", "__", "italic")} className="rounded px-1.5 py-0.5 italic hover:bg-slate-100">I</button>
        <button type="button" title="Code" aria-label="Code" onClick={() => wrap("`", "`", "code")} className="rounded px-1.5 py-0.5 font-mono hover:bg-slate-100">{"</>"}</button>
        <button type="button" title="Link (Ctrl+K)" aria-label="Link" onClick={() => wrap("[", "](https://)", "link text")} className="rounded px-1.5 py-0.5 underline hover:bg-slate-100">link</button>
        <EmojiPicker onPick={(emoji) => wrap("", "", emoji)} />
      </div>
      <textarea
        ref={area}
        value={text}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={onKeyDown}
        rows={3}
        aria-label={note ? "Internal note" : "Reply"}
        aria-invalid={error ? true : undefined}
        placeholder={note ? "Internal note — the user never sees it" : photo ? "Caption (optional, up to 1,024 characters)" : "Write a reply… (Enter to send, Shift+Enter for a new line, / for canned replies)"}
        className="w-full resize-none rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30"
      />
      {hasFormatting(text) && (
        <div className="mt-1.5 rounded bg-slate-50 px-2 py-1 text-sm text-slate-800" data-testid="format-preview">
          <span className="mr-1 text-[10px] uppercase tracking-wide text-slate-400">Preview</span>
          <FormattedText text={text} />
        </div>
      )}
      <div className="mt-2 flex items-center gap-3">
        <label className="flex items-center gap-1.5 text-xs text-slate-600">
          <input type="checkbox" checked={note} disabled={photo !== null} onChange={(e) => setNote(e.target.checked)} /> Internal note
        </label>
        <input ref={fileInput} type="file" accept={PHOTO_TYPES.join(",")} className="hidden" aria-label="Attach a photo" onChange={(e) => pickPhoto(e.target.files?.[0])} />
        {photo ? (
          <span className="flex items-center gap-1 text-xs text-slate-700" data-testid="attached-photo">
            📷 {photo.name}
            <button type="button" aria-label="Remove the photo" className="text-slate-400 hover:text-slate-700" onClick={() => setPhoto(null)}>×</button>
          </span>
        ) : (
          !note && <button type="button" onClick={() => fileInput.current?.click()} className="text-xs text-slate-600 hover:text-brand-700">📎 Photo</button>
        )}
        <span className={cn("ml-auto text-[11px]", length > limit ? "font-semibold text-red-700" : "text-slate-400")}>
          {length}/{limit}
        </span>
        <button
          type="button"
          onClick={() => void submit()}
          disabled={sending}
          className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60"
        >
          {note ? "Add note" : photo ? "Send photo" : "Send"}
        </button>
      </div>
      {/* On its own line, so a long message never pushes the controls above onto two lines. */}
      {error && <p role="alert" className="mt-1.5 text-xs text-red-700">{error}</p>}
    </div>
  );
}
