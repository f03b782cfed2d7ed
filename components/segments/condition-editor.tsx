"use client";
// One condition of the rule tree, edited in place. Pickers autocomplete from what the
// bot's data holds (tags, event names, attribute keys, sources, languages, segments).
import { useId, useState, type ReactNode } from "react";
import type { TConditionRule, TValueTest, TWindow } from "@/lib/segments/rules";
import { LIFECYCLE_STAGES, OPS_BY_TYPE } from "@/lib/segments/rules";
import type { TRuleOptions } from "@/lib/segments/list-rule-options";
import { Badge } from "../ui/card";
import { cn } from "../ui/cn";

const BOX = "h-8 rounded-md border border-slate-300 bg-white px-2 text-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30";

function Sel<T extends string>({ label, value, onChange, options, className }: { label: string; value: T; onChange: (v: T) => void; options: readonly (readonly [T, string])[]; className?: string }) {
  return (
    <select aria-label={label} className={cn(BOX, className)} value={value} onChange={(e) => onChange(e.target.value as T)}>
      {options.map(([v, l]) => (
        <option key={v} value={v}>{l}</option>
      ))}
    </select>
  );
}

function Num({ label, value, onChange, min, className }: { label: string; value: number | undefined; onChange: (v: number | undefined) => void; min?: number; className?: string }) {
  return (
    <input
      aria-label={label}
      type="number"
      min={min}
      className={cn(BOX, "w-20", className)}
      value={value ?? ""}
      onChange={(e) => onChange(e.target.value === "" ? undefined : Number(e.target.value))}
    />
  );
}

function Text({ label, value, onChange, list, placeholder, className }: { label: string; value: string; onChange: (v: string) => void; list?: string; placeholder?: string; className?: string }) {
  return <input aria-label={label} className={cn(BOX, "w-44", className)} value={value} list={list} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} />;
}

function DataList({ id, values }: { id: string; values: string[] }) {
  return (
    <datalist id={id}>
      {values.map((v) => (
        <option key={v} value={v} />
      ))}
    </datalist>
  );
}

/**
 * Chips with an autocompleting input: Enter, or a pick from the list, adds a value. With
 * `only` (tags), a value must be one of the suggestions: anything else stays in the box with
 * a message, never becomes a chip.
 */
function ChipInput({
  label,
  values,
  onChange,
  suggestions,
  render,
  only,
}: {
  label: string;
  values: string[];
  onChange: (v: string[]) => void;
  suggestions: { value: string; label: string }[];
  render?: (v: string) => ReactNode;
  /** The noun for a value outside the suggestions, which is refused ("tag"). */
  only?: string;
}) {
  const listId = useId();
  const [draft, setDraft] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const add = (raw: string): void => {
    const text = raw.trim();
    if (!text) return;
    const hit = suggestions.find((s) => s.label.toLowerCase() === text.toLowerCase() || s.value === text);
    if (!hit && only) {
      setProblem(suggestions.length === 0 ? `This bot has no ${only}s yet.` : `No ${only} named “${text}”: pick one from the list.`);
      return;
    }
    const value = hit ? hit.value : text;
    if (!values.includes(value)) onChange([...values, value]);
    setDraft("");
    setProblem(null);
  };
  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      {values.map((v) => (
        <span key={v} className="inline-flex items-center gap-1 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">
          {render ? render(v) : v}
          <button type="button" aria-label={`Remove ${suggestions.find((s) => s.value === v)?.label ?? v}`} className="text-slate-400 hover:text-red-600" onClick={() => onChange(values.filter((x) => x !== v))}>
            ×
          </button>
        </span>
      ))}
      <input
        aria-label={label}
        aria-invalid={problem ? true : undefined}
        className={cn(BOX, "w-40", problem && "border-red-400")}
        list={listId}
        value={draft}
        placeholder={only ? `pick a ${only}` : "type, then Enter"}
        onChange={(e) => {
          const v = e.target.value;
          setProblem(null);
          // A pick from the list replaces the text at once (not typed key by key): add it.
          // Typing that happens to spell a suggestion ("vip" on the way to "vip gold") does not.
          const native = e.nativeEvent as InputEvent;
          const picked = typeof native.inputType !== "string" || native.inputType === "insertReplacementText";
          if (picked && suggestions.some((s) => s.label === v)) add(v);
          else setDraft(v);
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            add(draft);
          } else if (e.key === "Backspace" && draft === "" && values.length > 0) {
            onChange(values.slice(0, -1));
          }
        }}
        // Leaving the box adds what it names; with `only`, an unknown or partial name stays, marked.
        onBlur={() => add(draft)}
      />
      {problem && (
        <span role="alert" className="text-xs text-red-600">
          {problem}
        </span>
      )}
      <DataList id={listId} values={suggestions.filter((s) => !values.includes(s.value)).map((s) => s.label)} />
    </span>
  );
}

type TWindowChoice = "any" | "last_days" | "between";

function WindowEditor({ value, onChange, allowAny = true }: { value: TWindow | undefined; onChange: (w: TWindow | undefined) => void; allowAny?: boolean }) {
  const kind: TWindowChoice = value?.kind ?? "any";
  const today = new Date().toISOString().slice(0, 10);
  const options: (readonly [TWindowChoice, string])[] = [
    ...(allowAny ? [["any", "at any time"] as const] : []),
    ["last_days", "in the last"],
    ["between", "between"],
  ];
  return (
    <>
      <Sel
        label="Time window"
        value={kind}
        options={options}
        onChange={(k) => onChange(k === "any" ? undefined : k === "last_days" ? { kind: "last_days", days: 30 } : { kind: "between", from: today, to: today })}
      />
      {value?.kind === "last_days" && (
        <>
          <Num label="Days" min={1} value={value.days} onChange={(d) => onChange({ ...value, days: d as number })} />
          <span>days</span>
        </>
      )}
      {value?.kind === "between" && (
        <>
          <input aria-label="From date" type="date" className={BOX} value={value.from} onChange={(e) => onChange({ ...value, from: e.target.value })} />
          <span>and</span>
          <input aria-label="To date" type="date" className={BOX} value={value.to} onChange={(e) => onChange({ ...value, to: e.target.value })} />
        </>
      )}
    </>
  );
}

const OP_LABELS: Record<string, string> = { eq: "is", neq: "is not", contains: "contains", lt: "is less than", gt: "is greater than", exists: "is set", not_exists: "is not set" };
const DATE_OP_LABELS: Record<string, string> = { ...OP_LABELS, lt: "is before", gt: "is after" };

/** key + type + operator + value, for attributes and event properties. */
function ValueTestEditor({ test, onChange, keys, keyLabel, keyTypes }: { test: TValueTest; onChange: (t: TValueTest) => void; keys: string[]; keyLabel: string; keyTypes?: { key: string; valueType: TValueTest["valueType"] }[] }) {
  const listId = useId();
  const ops = OPS_BY_TYPE[test.valueType];
  const labels = test.valueType === "date" ? DATE_OP_LABELS : OP_LABELS;
  const needsValue = test.op !== "exists" && test.op !== "not_exists";
  const typed = (t: TValueTest, valueType: TValueTest["valueType"]): TValueTest => {
    const op = OPS_BY_TYPE[valueType].includes(t.op) ? t.op : "eq";
    const value = valueType === "number" ? 0 : valueType === "boolean" ? true : valueType === "date" ? new Date().toISOString().slice(0, 10) : "";
    return { ...t, valueType, op, value };
  };
  const setType = (valueType: TValueTest["valueType"]) => onChange(typed(test, valueType));
  // Choosing a known key sets the type its values have (a number attribute compares as a number).
  const setKey = (key: string) => {
    const known = keyTypes?.find((a) => a.key === key)?.valueType;
    onChange(known && known !== test.valueType ? typed({ ...test, key }, known) : { ...test, key });
  };
  return (
    <>
      <Text label={keyLabel} value={test.key} onChange={setKey} list={listId} placeholder="key" className="w-32" />
      <DataList id={listId} values={keys} />
      <Sel label="Value type" value={test.valueType} onChange={setType} options={[["text", "text"], ["number", "number"], ["date", "date"], ["boolean", "yes/no"]] as const} />
      <Sel label="Comparison" value={test.op} onChange={(op) => onChange({ ...test, op })} options={ops.map((o) => [o, labels[o]!] as const)} />
      {needsValue && test.valueType === "text" && <Text label="Value" value={String(test.value ?? "")} onChange={(value) => onChange({ ...test, value })} className="w-32" />}
      {needsValue && test.valueType === "number" && <Num label="Value" value={typeof test.value === "number" ? test.value : undefined} onChange={(value) => onChange({ ...test, value })} className="w-24" />}
      {needsValue && test.valueType === "date" && <input aria-label="Value" type="date" className={BOX} value={String(test.value ?? "")} onChange={(e) => onChange({ ...test, value: e.target.value })} />}
      {needsValue && test.valueType === "boolean" && (
        <Sel label="Value" value={test.value === false ? "false" : "true"} onChange={(v) => onChange({ ...test, value: v === "true" })} options={[["true", "yes"], ["false", "no"]] as const} />
      )}
    </>
  );
}

export function ConditionEditor({ node, onChange, options }: { node: TConditionRule; onChange: (n: TConditionRule) => void; options: TRuleOptions }) {
  const eventListId = useId();
  const eventNames = options.events.map((e) => e.name);
  switch (node.type) {
    case "tag":
      return (
        <>
          <Sel label="Tag condition" value={node.op} onChange={(op) => onChange({ ...node, op })} options={[["has", "has"], ["has_not", "does not have"]] as const} />
          <Sel label="Tag match" value={node.match} onChange={(match) => onChange({ ...node, match })} options={[["any", "any of"], ["all", "all of"]] as const} />
          <ChipInput
            label="Add tag"
            values={node.tagIds}
            onChange={(tagIds) => onChange({ ...node, tagIds })}
            suggestions={options.tags.map((t) => ({ value: t.id, label: t.name }))}
            only="tag"
            render={(id) => {
              const tag = options.tags.find((t) => t.id === id);
              if (tag) return <Badge color={tag.color}>{tag.name}</Badge>;
              // Stored conditions keep a tag's id; the tag may have been deleted since.
              return (
                <span className="text-red-600" title="This tag no longer exists: remove it, or the condition matches as if no user had it.">
                  tag not found
                </span>
              );
            }}
          />
        </>
      );
    case "event":
      return (
        <>
          <Sel label="Did or did not" value={node.did ? "did" : "not"} onChange={(v) => onChange({ ...node, did: v === "did" })} options={[["did", "did"], ["not", "did not do"]] as const} />
          <Text label="Event name" value={node.name} onChange={(name) => onChange({ ...node, name })} list={eventListId} placeholder="event, e.g. button_click" />
          <DataList id={eventListId} values={eventNames} />
          <Sel
            label="How often"
            value={node.count?.op ?? "at_least"}
            onChange={(op) => onChange({ ...node, count: { op, n: node.count?.n ?? 1 } })}
            options={[["at_least", "at least"], ["at_most", "at most"], ["exactly", "exactly"]] as const}
          />
          <Num label="Times" min={0} value={node.count ? node.count.n : 1} onChange={(n) => onChange({ ...node, count: { op: node.count?.op ?? "at_least", n: n as number } })} />
          <span>times</span>
          <WindowEditor value={node.window} onChange={(window) => onChange({ ...node, window })} />
          {node.where ? (
            <span className="inline-flex flex-wrap items-center gap-1 rounded bg-slate-50 px-1 ring-1 ring-slate-200">
              <span className="text-xs text-slate-500">where property</span>
              <ValueTestEditor
                test={node.where}
                onChange={(where) => onChange({ ...node, where })}
                keys={options.events.find((e) => e.name === node.name)?.propertyKeys ?? []}
                keyLabel="Property key"
              />
              <button type="button" className="px-1 text-slate-400 hover:text-red-600" aria-label="Remove property filter" onClick={() => onChange({ ...node, where: undefined })}>
                ×
              </button>
            </span>
          ) : (
            <button type="button" className="text-xs text-brand-700 hover:underline" onClick={() => onChange({ ...node, where: { key: "", valueType: "text", op: "eq", value: "" } })}>
              + property filter
            </button>
          )}
        </>
      );
    case "lifecycle":
      return (
        <>
          <span>is</span>
          {LIFECYCLE_STAGES.map((s) => (
            <label key={s} className="inline-flex items-center gap-1 rounded px-1.5 py-0.5 ring-1 ring-slate-200">
              <input
                type="checkbox"
                checked={node.stages.includes(s)}
                onChange={(e) => onChange({ ...node, stages: e.target.checked ? [...node.stages, s] : node.stages.filter((x) => x !== s) })}
              />
              {s}
            </label>
          ))}
        </>
      );
    case "seen":
      return (
        <>
          <Sel label="Which date" value={node.field} onChange={(field) => onChange({ ...node, field })} options={[["first", "first seen"], ["last", "last seen"]] as const} />
          <Sel
            label="Seen comparison"
            value={node.op}
            onChange={(op) => onChange({ ...node, op, days: node.days ?? 7, from: node.from ?? new Date().toISOString().slice(0, 10), to: node.to ?? new Date().toISOString().slice(0, 10) })}
            options={[["within_days", "within the last"], ["more_than_days_ago", "more than"], ["between", "between"]] as const}
          />
          {node.op === "between" ? (
            <>
              <input aria-label="From date" type="date" className={BOX} value={node.from ?? ""} onChange={(e) => onChange({ ...node, from: e.target.value })} />
              <span>and</span>
              <input aria-label="To date" type="date" className={BOX} value={node.to ?? ""} onChange={(e) => onChange({ ...node, to: e.target.value })} />
            </>
          ) : (
            <>
              <Num label="Days" min={0} value={node.days} onChange={(days) => onChange({ ...node, days })} />
              <span>{node.op === "within_days" ? "days" : "days ago"}</span>
            </>
          )}
        </>
      );
    case "attribute":
      return (
        <ValueTestEditor
          test={node}
          onChange={(t) => onChange({ ...node, ...t })}
          keys={options.attributes.map((a) => a.key)}
          keyTypes={options.attributes}
          keyLabel="Attribute key"
        />
      );
    case "source":
      return (
        <>
          <Sel label="Source condition" value={node.op} onChange={(op) => onChange({ ...node, op })} options={[["is", "is one of"], ["starts_with", "starts with"], ["none", "is empty (no deep link)"]] as const} />
          {node.op !== "none" && (
            <ChipInput label="Add source" values={node.values} onChange={(values) => onChange({ ...node, values })} suggestions={options.sources.map((s) => ({ value: s.value, label: s.value }))} />
          )}
        </>
      );
    case "language":
      return (
        <>
          <span>is one of</span>
          <ChipInput
            label="Add language"
            values={node.languages}
            onChange={(languages) => onChange({ ...node, languages: languages.map((l) => l.toLowerCase()) })}
            suggestions={options.languages.map((l) => ({ value: l.code, label: l.code }))}
          />
        </>
      );
    case "status":
      return (
        <Sel
          label="Status"
          value={node.status}
          onChange={(status) => onChange({ ...node, status })}
          options={[["reachable", "can be messaged"], ["blocked", "blocked the bot"], ["unsubscribed", "unsubscribed"]] as const}
        />
      );
    case "premium":
      return (
        <Sel label="Premium" value={node.value ? "yes" : "no"} onChange={(v) => onChange({ ...node, value: v === "yes" })} options={[["yes", "has Telegram Premium"], ["no", "has no Telegram Premium"]] as const} />
      );
    case "value":
      return (
        <>
          <Sel label="Measure" value={node.measure} onChange={(measure) => onChange({ ...node, measure, property: measure === "sum" ? node.property ?? "amount" : undefined })} options={[["sum", "sum of"], ["count", "number of"]] as const} />
          {node.measure === "sum" && <Text label="Property to sum" value={node.property ?? ""} onChange={(property) => onChange({ ...node, property })} className="w-24" />}
          <span>{node.measure === "sum" ? "in" : ""}</span>
          <Text label="Event name" value={node.event} onChange={(event) => onChange({ ...node, event })} list={eventListId} className="w-32" />
          <DataList id={eventListId} values={eventNames} />
          <Sel label="Comparison" value={node.op} onChange={(op) => onChange({ ...node, op })} options={[["gt", ">"], ["gte", "≥"], ["lt", "<"], ["lte", "≤"], ["eq", "="]] as const} />
          <Num label="Value" value={node.value} onChange={(value) => onChange({ ...node, value: value as number })} className="w-24" />
          <WindowEditor value={node.window} onChange={(window) => onChange({ ...node, window })} />
        </>
      );
    case "segment":
      return (
        <>
          <Sel label="In or not in" value={node.in ? "in" : "out"} onChange={(v) => onChange({ ...node, in: v === "in" })} options={[["in", "is in"], ["out", "is not in"]] as const} />
          <Sel
            label="Segment"
            value={node.segmentId}
            onChange={(segmentId) => onChange({ ...node, segmentId })}
            options={[["", "choose a segment…"] as const, ...options.segments.map((s) => [s.id, `${s.name}${s.kind === "STATIC" ? " (static)" : ""}`] as const)]}
          />
        </>
      );
    case "campaign":
      return <CampaignCondition node={node} onChange={onChange} campaigns={options.campaigns} />;
  }
}

const INTERACTION_LABELS = [["received", "received"], ["clicked", "clicked"], ["not_clicked", "didn't click"]] as const;

function CampaignCondition({ node, onChange, campaigns }: { node: Extract<TConditionRule, { type: "campaign" }>; onChange: (n: TConditionRule) => void; campaigns: TRuleOptions["campaigns"] }) {
  if (campaigns.length === 0 && !node.campaignId) return <span className="text-xs text-slate-500">No campaigns have been sent yet</span>;
  // A stored condition may name a campaign the list does not hold (the options are still loading).
  const unlisted = node.campaignId !== "" && !campaigns.some((c) => c.id === node.campaignId);
  return (
    <>
      <Sel label="Campaign interaction" value={node.interaction} onChange={(interaction) => onChange({ ...node, interaction })} options={INTERACTION_LABELS} />
      <Sel
        label="Campaign"
        value={node.campaignId}
        onChange={(campaignId) => onChange({ ...node, campaignId })}
        options={[
          ["", "choose a campaign…"] as const,
          ...(unlisted ? [[node.campaignId, "the chosen campaign"] as const] : []),
          ...campaigns.map((c) => [c.id, `${c.name} (${c.status.toLowerCase().replace("_", " ")})`] as const),
        ]}
      />
    </>
  );
}
