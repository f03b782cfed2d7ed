"use client";
// The message text: Telegram HTML with a formatting toolbar (Ctrl/⌘+B, I, K), tokens
// with fallbacks inserted at the cursor, and a live length counter.
import { useLayoutEffect, useRef, useState, useId } from "react";
import { USER_FIELDS } from "@/lib/flows/template";
import { cn } from "../../ui/cn";
import { fmt } from "./draft";
import { measure } from "./message-text";

const TAGS = [
  { tag: "b", label: "B", title: "Bold (Ctrl+B)", className: "font-bold" },
  { tag: "i", label: "I", title: "Italic (Ctrl+I)", className: "italic" },
  { tag: "u", label: "U", title: "Underline", className: "underline" },
  { tag: "s", label: "S", title: "Strikethrough", className: "line-through" },
  { tag: "tg-spoiler", label: "▒", title: "Spoiler", className: "" },
  { tag: "code", label: "</>", title: "Monospace", className: "font-mono text-xs" },
] as const;

const FIELD_LABELS: Record<(typeof USER_FIELDS)[number], string> = {
  first_name: "First name",
  last_name: "Last name",
  username: "Username",
  language: "Language",
  telegram_id: "Telegram ID",
};
const DEFAULT_FALLBACK: Record<string, string> = { first_name: "friend", last_name: "", username: "", language: "", telegram_id: "" };

const BTN = "h-8 min-w-8 rounded px-2 text-sm text-slate-700 hover:bg-slate-100 focus-visible:bg-slate-100";
const escapeAttr = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

export function HtmlEditor({ id, label, value, onChange, withPhoto, attributes, invalid }: {
  id: string; label: string; value: string; onChange: (v: string) => void; withPhoto: boolean; attributes: string[]; invalid: boolean;
}) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const pendingSelection = useRef<[number, number] | null>(null);
  const [linkOpen, setLinkOpen] = useState(false);
  const [linkUrl, setLinkUrl] = useState("https://");
  const [token, setToken] = useState("first_name");
  const [fallback, setFallback] = useState("friend");
  const tokenId = useId();
  const fallbackId = useId();
  const linkId = useId();
  const counterId = useId();

  useLayoutEffect(() => {
    const sel = pendingSelection.current;
    if (sel && ref.current) {
      ref.current.focus();
      ref.current.setSelectionRange(sel[0], sel[1]);
      pendingSelection.current = null;
    }
  });

  /** Replaces the selection with before + selected + after, keeping the selected text selected. */
  function surround(before: string, after: string, placeholder = "") {
    const el = ref.current;
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? value.length;
    const inner = value.slice(start, end) || placeholder;
    onChange(value.slice(0, start) + before + inner + after + value.slice(end));
    pendingSelection.current = [start + before.length, start + before.length + inner.length];
  }

  function insert(text: string) {
    const el = ref.current;
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? value.length;
    onChange(value.slice(0, start) + text + value.slice(end));
    pendingSelection.current = [start + text.length, start + text.length];
  }

  function addLink() {
    const url = linkUrl.trim();
    if (!/^https?:\/\/\S+/.test(url)) return;
    surround(`<a href="${escapeAttr(url)}">`, "</a>", "link text");
    setLinkOpen(false);
    setLinkUrl("https://");
  }

  const m = measure(value, withPhoto);
  const over = m.length !== null && m.length > m.limit;

  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">{label}</label>
      <div className={cn("rounded-md border bg-white shadow-sm focus-within:ring-2", invalid ? "border-red-400 focus-within:ring-red-500/30" : "border-slate-300 focus-within:border-brand-500 focus-within:ring-brand-500/30")}>
        <div className="flex flex-wrap items-center gap-0.5 border-b border-slate-200 px-1 py-1" role="toolbar" aria-label="Formatting">
          {TAGS.map((t) => (
            <button key={t.tag} type="button" title={t.title} aria-label={t.title.replace(/ \(.*\)/, "")} className={cn(BTN, t.className)} onClick={() => surround(`<${t.tag}>`, `</${t.tag}>`)}>
              {t.label}
            </button>
          ))}
          <button type="button" title="Link (Ctrl+K)" aria-label="Link" aria-expanded={linkOpen} className={cn(BTN, "underline")} onClick={() => setLinkOpen((o) => !o)}>Link</button>
          <span className="mx-1 h-5 w-px bg-slate-200" aria-hidden />
          <label htmlFor={tokenId} className="sr-only">Token</label>
          <select id={tokenId} value={token} onChange={(e) => { setToken(e.target.value); setFallback(DEFAULT_FALLBACK[e.target.value] ?? ""); }} className="h-8 rounded border border-slate-200 bg-white px-1 text-sm">
            {USER_FIELDS.map((f) => <option key={f} value={f}>{FIELD_LABELS[f]}</option>)}
            {attributes.length > 0 && (
              <optgroup label="Attributes">
                {attributes.map((a) => <option key={a} value={`attr.${a}`}>{a}</option>)}
              </optgroup>
            )}
          </select>
          <label htmlFor={fallbackId} className="sr-only">Fallback when the user has no value</label>
          <input id={fallbackId} value={fallback} onChange={(e) => setFallback(e.target.value.replace(/[{}]/g, ""))} placeholder="fallback" className="h-8 w-24 rounded border border-slate-200 px-1.5 text-sm" />
          <button type="button" className={cn(BTN, "font-medium text-brand-700")} onClick={() => insert(`{${token}${fallback ? `|${fallback}` : ""}}`)}>
            + Insert token
          </button>
        </div>
        {linkOpen && (
          <div className="flex items-center gap-2 border-b border-slate-200 bg-slate-50 px-2 py-1.5">
            <label htmlFor={linkId} className="text-xs text-slate-600">Link URL</label>
            <input
              id={linkId}
              value={linkUrl}
              autoFocus
              onChange={(e) => setLinkUrl(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter") (e.preventDefault(), addLink());
                if (e.key === "Escape") (e.preventDefault(), setLinkOpen(false));
              }}
              className="h-7 flex-1 rounded border border-slate-300 px-2 text-sm"
            />
            <button type="button" className="h-7 rounded bg-brand-600 px-2 text-xs font-medium text-white disabled:opacity-50" disabled={!/^https?:\/\/\S+/.test(linkUrl.trim())} onClick={addLink}>Add link</button>
          </div>
        )}
        <textarea
          id={id}
          ref={ref}
          value={value}
          rows={8}
          aria-invalid={invalid || undefined}
          aria-describedby={counterId}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={(e) => {
            if (!(e.metaKey || e.ctrlKey)) return;
            const k = e.key.toLowerCase();
            if (k === "b") (e.preventDefault(), surround("<b>", "</b>"));
            if (k === "i") (e.preventDefault(), surround("<i>", "</i>"));
            if (k === "k") (e.preventDefault(), setLinkOpen(true));
          }}
          placeholder={"Hi {first_name|friend}! <b>Our sale starts today.</b>"}
          className="block w-full resize-y rounded-b-md px-3 py-2 font-mono text-sm focus:outline-none"
        />
      </div>
      <div className="flex justify-between text-xs text-slate-500" id={counterId}>
        <span>HTML: &lt;b&gt;, &lt;i&gt;, &lt;u&gt;, &lt;s&gt;, &lt;a href&gt;, &lt;code&gt;… Write &amp;lt; for a literal “&lt;”. Tokens: {"{first_name|friend}"}.</span>
        <span className={cn("shrink-0 tabular-nums", over && "font-semibold text-red-600")} data-testid="text-counter">
          {m.length === null ? "—" : fmt(m.length)} / {fmt(m.limit)}{withPhoto ? " (caption)" : ""}
        </span>
      </div>
    </div>
  );
}
