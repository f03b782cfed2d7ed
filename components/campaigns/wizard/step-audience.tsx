"use client";
// Step 1, audience: a saved segment or ad-hoc rules (the segment builder), an optional
// frequency cap, and the exact count of who would receive it now.
import { useEffect, useId, useMemo, useState } from "react";
import Link from "next/link";
import type { TAudience } from "@/lib/campaigns/schemas";
import { formatPath } from "@/lib/errors/format-path";
import type { TRuleOptions } from "@/lib/segments/list-rule-options";
import { ZRules, type TGroupRule } from "@/lib/segments/rules";
import { Card } from "../../ui/card";
import { cn } from "../../ui/cn";
import { fetchJson } from "../../ui/fetch-json";
import { Field, Select } from "../../ui/input";
import { RuleGroup, type TIssue } from "../../segments/rule-group";
import { newGroup, withIds } from "../../segments/rule-defaults";
import { fmt } from "./draft";
import { NumberInput } from "./number-input";
import { ProblemList } from "./problem-list";
import { checked, type TCheck, type TProblem } from "./use-campaign-check";

type TSegmentChoice = { id: string; name: string; kind: "DYNAMIC" | "STATIC"; lastCount: number | null };

export function StepAudience({ audience, onChange, botId, options, check, held = [] }: { audience: TAudience; onChange: (a: TAudience) => void; botId: string; options: TRuleOptions; check: TCheck; held?: TProblem[] }) {
  const [segments, setSegments] = useState<TSegmentChoice[] | null>(null);
  const [segmentsError, setSegmentsError] = useState<string | null>(null);
  const segmentId = useId();
  const rules = useMemo(() => (audience.rules ? (withIds(audience.rules) as TGroupRule) : null), [audience.rules]);

  useEffect(() => {
    let live = true;
    fetchJson<{ segments: TSegmentChoice[] }>(`/api/segments?botId=${encodeURIComponent(botId)}`)
      .then((r) => live && setSegments(r.segments))
      .catch((e: unknown) => live && setSegmentsError(e instanceof Error ? e.message : "Could not load the segments."));
    return () => {
      live = false;
    };
  }, [botId]);

  const issues: TIssue[] = useMemo(() => {
    if (audience.source !== "rules" || !audience.rules) return [];
    const parsed = ZRules.safeParse(audience.rules);
    return parsed.success ? [] : parsed.error.issues.map((i) => ({ path: formatPath(["rules", ...i.path]), message: i.message }));
  }, [audience.source, audience.rules]);

  const result = checked(check);
  const problems = [...held, ...(result?.problems ?? []).filter((p) => p.step === "audience")];
  const chosen = segments?.find((s) => s.id === audience.segmentId);
  // Rules are kept when switching to a segment only if they are complete (half-built ones could not be saved).
  const setSource = (source: "segment" | "rules") =>
    onChange({ ...audience, source, rules: source === "rules" ? (audience.rules ?? newGroup("and")) : audience.rules && ZRules.safeParse(audience.rules).success ? audience.rules : null });

  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_20rem]">
      <div className="space-y-4">
        <Card title="Who receives it">
          <div role="radiogroup" aria-label="Audience source" className="grid gap-2 sm:grid-cols-2">
            {([["segment", "A saved segment", "Reuse an audience your team maintains."], ["rules", "Ad-hoc rules", "Conditions for this campaign only."]] as const).map(([value, label, hint]) => (
              <label key={value} className={cn("flex cursor-pointer gap-3 rounded-md border p-3", audience.source === value ? "border-brand-500 bg-brand-50" : "border-slate-200 hover:bg-slate-50")}>
                <input type="radio" name="audience-source" value={value} checked={audience.source === value} onChange={() => setSource(value)} className="mt-0.5 accent-brand-600" />
                <span>
                  <span className="block text-sm font-medium text-slate-900">{label}</span>
                  <span className="block text-xs text-slate-500">{hint}</span>
                </span>
              </label>
            ))}
          </div>

          {audience.source === "segment" && (
            <div className="mt-4 space-y-2">
              <Field label="Segment" htmlFor={segmentId} error={segmentsError}>
                <Select id={segmentId} value={audience.segmentId ?? ""} onChange={(e) => onChange({ ...audience, segmentId: e.target.value || null })} disabled={segments === null}>
                  <option value="">{segments === null ? "Loading segments…" : "Choose a segment…"}</option>
                  {segments?.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}{s.kind === "STATIC" ? " (static)" : ""}{s.lastCount !== null ? ` — ${fmt(s.lastCount)} users` : ""}
                    </option>
                  ))}
                </Select>
              </Field>
              {segments?.length === 0 && (
                <p className="text-sm text-slate-600">
                  This bot has no segments yet. <Link href="/segments/new" target="_blank" className="text-brand-700 hover:underline">Create one</Link> or use ad-hoc rules.
                </p>
              )}
              {chosen && (
                <p className="text-xs text-slate-500">
                  {chosen.kind === "STATIC" ? "A static segment: its frozen members." : "A dynamic segment: its members are evaluated when you launch."}{" "}
                  <Link href={`/segments/${chosen.id}`} target="_blank" className="text-brand-700 hover:underline">Open the segment ↗</Link>
                </p>
              )}
            </div>
          )}
        </Card>

        {audience.source === "rules" && rules && (
          <RuleGroup group={rules} onChange={(g) => onChange({ ...audience, rules: g })} options={options} issues={issues} />
        )}

        <Card title="Frequency cap">
          <div className="flex flex-wrap items-center gap-2 text-sm text-slate-700">
            <label className="inline-flex items-center gap-2">
              <input type="checkbox" checked={audience.frequencyCapHours > 0} onChange={(e) => onChange({ ...audience, frequencyCapHours: e.target.checked ? 24 : 0 })} className="accent-brand-600" />
              Skip users who received any other campaign in the last
            </label>
            <NumberInput aria-label="Frequency cap in hours" min={1} max={720} value={audience.frequencyCapHours || 24} disabled={audience.frequencyCapHours === 0} onValue={(h) => onChange({ ...audience, frequencyCapHours: h })} className="w-20" />
            <span>hours</span>
          </div>
          <p className="mt-2 text-xs text-slate-500">Checked when each user’s turn comes; users over the cap are skipped and reported as skipped.</p>
        </Card>
      </div>

      <div className="space-y-4 lg:sticky lg:top-4 lg:self-start">
        <Card title="Audience now">
          <div className="flex items-baseline gap-2" aria-live="polite">
            <span className="text-4xl font-semibold tabular-nums text-slate-900" data-testid="audience-count">{result ? fmt(result.audienceCount) : "—"}</span>
            <span className="text-sm text-slate-500">users</span>
            {check.state === "loading" && <span className="ml-auto size-4 animate-spin rounded-full border-2 border-brand-600 border-t-transparent" aria-label="Counting" data-testid="audience-counting" />}
          </div>
          {issues.length > 0 && <p className="mt-1 text-xs text-amber-700" data-testid="audience-stale">Not saved: this count is for the audience as last saved. Fix the highlighted conditions to save them and count again.</p>}
          <div className="mt-3 space-y-1 text-xs text-slate-600">
            <p className="font-medium text-slate-700">Always left out</p>
            <ul className="list-inside list-disc space-y-0.5">
              <li>users who blocked the bot</li>
              <li>users who unsubscribed</li>
              <li>anyone who blocks or unsubscribes before their turn (skipped)</li>
              {audience.frequencyCapHours > 0 && <li>users who got another campaign in the last {audience.frequencyCapHours} h (skipped when sending)</li>}
            </ul>
            <p className="pt-1">The audience is frozen at launch; the control group (Rollout) is taken out of it.</p>
          </div>
        </Card>
        <ProblemList problems={problems} showStep={false} />
      </div>
    </div>
  );
}
