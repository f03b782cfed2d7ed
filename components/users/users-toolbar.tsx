"use client";
import { useEffect, useState } from "react";
import type { TListUsers } from "@/lib/users/schemas";
import { Input, Select } from "../ui/input";

export type TFilterOptions = { segments: { id: string; name: string }[]; tags: { name: string; color: string }[]; sources: { source: string | null; count: number }[] };

type TPatch = Partial<Record<keyof TListUsers, string | number | undefined>>;

export function UsersToolbar({ query, options, onChange, total, pending, canExport }: { query: TListUsers; options: TFilterOptions; onChange: (p: TPatch) => void; total: number; pending: boolean; canExport: boolean }) {
  const [q, setQ] = useState(query.q ?? "");
  useEffect(() => {
    if ((query.q ?? "") === q) return;
    const t = setTimeout(() => onChange({ q: q || undefined }), 300);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q]);
  const anyFilter = Boolean(query.q || query.tag || query.source || query.lastSeen || query.segment);
  const exportQuery = new URLSearchParams(
    Object.entries({ q: query.q, tag: query.tag, source: query.source, lastSeen: query.lastSeen, segment: query.segment }).filter((e): e is [string, string] => Boolean(e[1])),
  ).toString();
  return (
    <div className="flex flex-wrap items-center gap-2" role="search">
      <div className="w-48">
        <label htmlFor="users-search" className="sr-only">Search users</label>
        <Input id="users-search" type="search" placeholder="Name, @username or id" value={q} onChange={(e) => setQ(e.target.value)} />
      </div>
      {options.segments.length > 0 && (
        <FilterSelect id="filter-segment" label="Segment" value={query.segment} onChange={(v) => onChange({ segment: v })}
          options={options.segments.map((s) => ({ value: s.id, label: s.name }))} />
      )}
      <FilterSelect id="filter-tag" label="Tag" width="w-36" value={query.tag} onChange={(v) => onChange({ tag: v })}
        options={options.tags.map((t) => ({ value: t.name, label: t.name }))} />
      <FilterSelect id="filter-source" label="Source" width="w-36" value={query.source} onChange={(v) => onChange({ source: v })}
        options={options.sources.map((s) => ({ value: s.source ?? "(none)", label: `${s.source ?? "direct"} (${s.count})` }))} />
      <FilterSelect id="filter-last-seen" label="Last seen" width="w-44" value={query.lastSeen} onChange={(v) => onChange({ lastSeen: v })}
        options={[{ value: "24h", label: "in the last 24 h" }, { value: "7d", label: "in the last 7 days" }, { value: "30d", label: "in the last 30 days" }, { value: "30d+", label: "over 30 days ago" }]} />
      {anyFilter && (
        <button type="button" className="h-10 px-2 text-sm text-brand-700 hover:underline" onClick={() => (setQ(""), onChange({ q: undefined, tag: undefined, source: undefined, lastSeen: undefined, segment: undefined }))}>
          Clear filters
        </button>
      )}
      {/* The count and the export stay together, on one line, at the right. */}
      <div className="ml-auto flex items-center gap-3">
        <span className="text-sm text-slate-500" aria-live="polite">{pending ? "Loading…" : `${total.toLocaleString("en")} users`}</span>
        {canExport && (
          <a className="inline-flex h-10 items-center rounded-md px-3 text-sm text-brand-700 ring-1 ring-slate-300 hover:bg-slate-50" href={`/api/users/export${exportQuery ? `?${exportQuery}` : ""}`} download>
            Export CSV
          </a>
        )}
      </div>
    </div>
  );
}

function FilterSelect({ id, label, value, options, onChange, width = "w-40" }: { id: string; label: string; value?: string; options: { value: string; label: string }[]; onChange: (v: string | undefined) => void; width?: string }) {
  return (
    <div className={width}>
      <label htmlFor={id} className="sr-only">{label}</label>
      <Select id={id} value={value ?? ""} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">{label}: any</option>
        {/* The chosen option names its filter too ("Segment: VIP"), like "Segment: any" does. */}
        {options.map((o) => <option key={o.value} value={o.value}>{o.value === value ? `${label}: ${o.label}` : o.label}</option>)}
      </Select>
    </div>
  );
}
