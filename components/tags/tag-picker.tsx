"use client";
import { useEffect, useState, type KeyboardEvent } from "react";
import { fetchJson } from "../ui/fetch-json";

type TTagOption = { id: string; name: string; color: string; users: number };

/**
 * Type to find a tag; Enter adds the highlighted one, or creates a new tag with what you typed
 * (unless `allowCreate` is false, e.g. to remove a tag: then only existing tags are offered).
 * `onAdd` also gets the tag's name, for a confirmation or a message.
 */
export function TagPicker(props: { existing: string[]; onAdd: (ref: { tagId: string } | { name: string }, name: string) => Promise<void>; allowCreate?: boolean; placeholder?: string; label?: string }) {
  const [q, setQ] = useState("");
  const [options, setOptions] = useState<TTagOption[]>([]);
  const [active, setActive] = useState(0);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const ctrl = new AbortController();
    const t = setTimeout(() => {
      fetchJson<{ items: TTagOption[] }>(`/api/tags${q.trim() ? `?q=${encodeURIComponent(q.trim())}` : ""}`, { signal: ctrl.signal })
        .then((r) => setOptions(r.items.filter((o) => !props.existing.includes(o.name)).slice(0, 8)))
        .catch(() => undefined);
    }, 120);
    return () => (clearTimeout(t), ctrl.abort());
  }, [q, props.existing]);

  // Options arrive 120 ms after typing stops: until then, offer (and let Enter pick) only those matching what is typed now.
  const matching = options.filter((o) => o.name.toLowerCase().includes(q.trim().toLowerCase()));
  const exact = matching.some((o) => o.name.toLowerCase() === q.trim().toLowerCase());
  const choices: Array<{ label: string; name: string; ref: { tagId: string } | { name: string }; color?: string }> = [
    ...matching.map((o) => ({ label: o.name, name: o.name, ref: { tagId: o.id }, color: o.color })),
    ...(props.allowCreate !== false && q.trim() && !exact && !props.existing.some((e) => e.toLowerCase() === q.trim().toLowerCase()) ? [{ label: `Create “${q.trim()}”`, name: q.trim(), ref: { name: q.trim() } }] : []),
  ];

  async function choose(i: number) {
    const c = choices[i];
    if (!c || busy) return;
    setBusy(true);
    await props.onAdd(c.ref, c.name);
    setBusy(false);
    setQ("");
    setActive(0);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "ArrowDown") (e.preventDefault(), setActive((a) => Math.min(a + 1, choices.length - 1)));
    if (e.key === "ArrowUp") (e.preventDefault(), setActive((a) => Math.max(a - 1, 0)));
    if (e.key === "Enter") (e.preventDefault(), void choose(active));
    if (e.key === "Escape") setQ("");
  }

  return (
    <div className="relative">
      <input
        value={q}
        onChange={(e) => (setQ(e.target.value), setActive(0))}
        onKeyDown={onKeyDown}
        placeholder={props.placeholder ?? "Add a tag…"}
        aria-label={props.label ?? "Add a tag"}
        role="combobox"
        aria-expanded={q.length > 0 && choices.length > 0}
        aria-controls="tag-options"
        className="w-full rounded-md border border-slate-300 px-2 py-1 text-xs focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30"
      />
      {q.trim().length > 0 && choices.length === 0 && props.allowCreate === false && (
        <p role="status" className="absolute z-10 mt-1 w-full rounded-md border border-slate-200 bg-white px-2 py-1 text-xs text-slate-500 shadow-lg">No tag matches “{q.trim()}”.</p>
      )}
      {q.length > 0 && choices.length > 0 && (
        <ul id="tag-options" role="listbox" className="absolute z-10 mt-1 w-full rounded-md border border-slate-200 bg-white py-1 text-xs shadow-lg">
          {choices.map((c, i) => (
            <li key={c.label} role="option" aria-selected={i === active}>
              <button type="button" onMouseDown={(e) => (e.preventDefault(), void choose(i))} className={`flex w-full items-center gap-2 px-2 py-1 text-left ${i === active ? "bg-brand-50" : ""}`}>
                {c.color && <span className="h-2 w-2 rounded-full" style={{ background: c.color }} />}
                {c.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
