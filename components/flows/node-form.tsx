"use client";
// Building blocks of the side panel's per-node forms (lib/flows/nodes/<type>/canvas.tsx):
// labelled fields that show the schema's message for their path, and list-row actions.
import { useId, type ReactNode } from "react";
import { Field, Input, Select } from "../ui/input";
import { cn } from "../ui/cn";
import type { TFieldErrors } from "./graph";

export type TFlowChoice = { id: string; name: string; published: boolean };

/** What forms autocomplete from: the bot's tags and attribute keys, and its other flows. */
export type TEditorOptions = { tags: string[]; attributes: string[]; flows: TFlowChoice[] };

export type TNodeFormProps<T> = {
  nodeId: string;
  data: T;
  onChange: (next: T) => void;
  errors: TFieldErrors;
  options: TEditorOptions;
};

/** <datalist> ids rendered once by the side panel. */
export const TAGS_LIST = "flow-editor-tags";
export const ATTRIBUTES_LIST = "flow-editor-attributes";

const SMALL = "h-9";

export function TextField({ label, value, onChange, error, hint, placeholder, list, mono, maxLength, prefix }: {
  label: string; value: string; onChange: (v: string) => void; error?: string; hint?: ReactNode; placeholder?: string; list?: string; mono?: boolean; maxLength?: number; prefix?: string;
}) {
  const id = useId();
  const input = (
    <Input
      id={id}
      className={cn(SMALL, mono && "font-mono", prefix && "rounded-l-none", error && "border-red-400")}
      value={value}
      placeholder={placeholder}
      list={list}
      maxLength={maxLength}
      aria-invalid={error ? true : undefined}
      onChange={(e) => onChange(e.target.value)}
    />
  );
  return (
    <Field label={label} htmlFor={id} error={error} hint={hint}>
      {prefix ? (
        <div className="flex">
          <span className="inline-flex items-center rounded-l-md border border-r-0 border-slate-300 bg-slate-50 px-2 text-sm text-slate-500" aria-hidden>{prefix}</span>
          {input}
        </div>
      ) : input}
    </Field>
  );
}

export function TextAreaField({ label, value, onChange, error, hint, placeholder, rows = 4, mono }: {
  label: string; value: string; onChange: (v: string) => void; error?: string; hint?: ReactNode; placeholder?: string; rows?: number; mono?: boolean;
}) {
  const id = useId();
  return (
    <Field label={label} htmlFor={id} error={error} hint={hint}>
      <textarea
        id={id}
        rows={rows}
        value={value}
        placeholder={placeholder}
        aria-invalid={error ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
        className={cn(
          "w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm placeholder:text-slate-400 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30",
          mono && "font-mono text-xs",
          error && "border-red-400",
        )}
      />
    </Field>
  );
}

/** A number input; an empty box is kept as NaN so the schema names it instead of it silently becoming 0. */
export function NumberField({ label, value, onChange, error, hint, min, max, step }: {
  label: string; value: number; onChange: (v: number) => void; error?: string; hint?: ReactNode; min?: number; max?: number; step?: number;
}) {
  const id = useId();
  return (
    <Field label={label} htmlFor={id} error={error} hint={hint}>
      <Input
        id={id}
        type="number"
        inputMode="numeric"
        className={cn(SMALL, error && "border-red-400")}
        min={min}
        max={max}
        step={step}
        value={Number.isFinite(value) ? value : ""}
        aria-invalid={error ? true : undefined}
        onChange={(e) => onChange(e.target.value === "" ? Number.NaN : Number(e.target.value))}
      />
    </Field>
  );
}

export function SelectField<T extends string>({ label, value, onChange, options, error, hint }: {
  label: string; value: T; onChange: (v: T) => void; options: readonly (readonly [T, string])[]; error?: string; hint?: ReactNode;
}) {
  const id = useId();
  return (
    <Field label={label} htmlFor={id} error={error} hint={hint}>
      <Select id={id} className={SMALL} value={value} onChange={(e) => onChange(options.find(([v]) => v === e.target.value)?.[0] ?? value)}>
        {options.map(([v, l]) => (
          <option key={v} value={v}>{l}</option>
        ))}
      </Select>
    </Field>
  );
}

export function CheckField({ label, checked, onChange, hint }: { label: string; checked: boolean; onChange: (v: boolean) => void; hint?: ReactNode }) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className="flex items-center gap-2 text-sm text-slate-700">
        <input id={id} type="checkbox" className="size-4 rounded border-slate-300 accent-brand-600" checked={checked} onChange={(e) => onChange(e.target.checked)} />
        {label}
      </label>
      {hint && <p className="ml-6 text-xs text-slate-500">{hint}</p>}
    </div>
  );
}

/** A small bordered group (one button, one option, one header…) with its own heading and row actions. */
export function ItemBox({ title, children, actions }: { title: ReactNode; children: ReactNode; actions?: ReactNode }) {
  return (
    <div className="space-y-2 rounded-md border border-slate-200 bg-slate-50/60 p-2.5" role="group" aria-label={typeof title === "string" ? title : undefined}>
      <div className="flex items-center justify-between gap-2">
        <span className="text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</span>
        <span className="flex items-center gap-0.5">{actions}</span>
      </div>
      {children}
    </div>
  );
}

export function IconButton({ label, onClick, children, disabled, danger }: { label: string; onClick: () => void; children: ReactNode; disabled?: boolean; danger?: boolean }) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      disabled={disabled}
      onClick={onClick}
      className={cn("inline-flex size-7 items-center justify-center rounded text-sm text-slate-500 hover:bg-white disabled:opacity-30", danger ? "hover:text-red-600" : "hover:text-slate-900")}
    >
      {children}
    </button>
  );
}

/** Move up / move down / remove for item `index` of a list of `count`. */
export function RowActions({ what, index, count, onMove, onRemove, minCount = 0 }: {
  what: string; index: number; count: number; onMove: (from: number, to: number) => void; onRemove: () => void; minCount?: number;
}) {
  return (
    <>
      <IconButton label={`Move ${what} up`} disabled={index === 0} onClick={() => onMove(index, index - 1)}>↑</IconButton>
      <IconButton label={`Move ${what} down`} disabled={index === count - 1} onClick={() => onMove(index, index + 1)}>↓</IconButton>
      <IconButton label={`Remove ${what}`} danger disabled={count <= minCount} onClick={onRemove}>✕</IconButton>
    </>
  );
}

export function AddButton({ children, onClick, disabled }: { children: ReactNode; onClick: () => void; disabled?: boolean }) {
  return (
    <button
      type="button"
      disabled={disabled}
      onClick={onClick}
      className="w-full rounded-md border border-dashed border-slate-300 px-3 py-1.5 text-sm text-brand-700 hover:border-brand-500 hover:bg-brand-50 disabled:cursor-not-allowed disabled:text-slate-400"
    >
      {children}
    </button>
  );
}

export function move<T>(list: readonly T[], from: number, to: number): T[] {
  const next = [...list];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
}

export const TEXT_HINT = (
  <>HTML: &lt;b&gt;, &lt;i&gt;, &lt;u&gt;, &lt;a href=&quot;…&quot;&gt;. Personalise with {"{first_name|friend}"} or {"{attr.city}"}.</>
);
