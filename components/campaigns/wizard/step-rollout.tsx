"use client";
// Step 4, rollout: a control group held out (for lift), a first stage of N random
// recipients, further stages as cumulative shares, continued by hand or after a wait.
import { useEffect, useId } from "react";
import { firstStageTooLarge, fittedDefaultRollout, suggestFirstStage, SUGGESTED_CONTROL_PERCENT } from "@/lib/campaigns/suggest-rollout";
import type { TRollout } from "@/lib/campaigns/schemas";
import { Card } from "../../ui/card";
import { cn } from "../../ui/cn";
import { fmt } from "./draft";
import { NumberInput } from "./number-input";
import { ProblemList } from "./problem-list";
import { StagePlan } from "./stage-plan";
import type { TProblem } from "./use-campaign-check";


function Choice({ name, checked, onChange, children }: { name: string; checked: boolean; onChange: () => void; children: React.ReactNode }) {
  return (
    <label className={cn("flex cursor-pointer items-start gap-3 rounded-md border p-3 text-sm", checked ? "border-brand-500 bg-brand-50" : "border-slate-200 hover:bg-slate-50")}>
      <input type="radio" name={name} checked={checked} onChange={onChange} className="mt-0.5 accent-brand-600" />
      <span className="flex-1">{children}</span>
    </label>
  );
}

export function StepRollout({ rollout, onChange, audienceCount, problems, liftMatters = false }: { rollout: TRollout; onChange: (r: TRollout) => void; audienceCount: number | null; problems: TProblem[]; liftMatters?: boolean }) {
  const controlId = useId();
  const firstId = useId();
  const staged = rollout.firstStage !== null;
  const set = (patch: Partial<TRollout>) => onChange({ ...rollout, ...patch });
  // Untouched defaults fit the audience: 200 is no test stage for an audience of 333.
  const fitted = fittedDefaultRollout(rollout, audienceCount);
  useEffect(() => {
    if (fitted) onChange(fitted);
  }, [fitted, onChange]);
  const suggested = audienceCount ? suggestFirstStage(audienceCount) : 200;
  const setStage = (i: number, v: number) => set({ stages: rollout.stages.map((s, j) => (j === i ? v : s)) });
  const addStage = () => {
    const last = rollout.stages[rollout.stages.length - 1] ?? 100;
    const prev = rollout.stages[rollout.stages.length - 2] ?? 0;
    // Insert a stage half-way before the final 100%.
    set({ stages: [...rollout.stages.slice(0, -1), Math.max(prev + 1, Math.min(99, Math.round((prev + last) / 2))), 100] });
  };

  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_22rem]">
      <div className="space-y-4">
        <Card title="Control group">
          <div className="flex flex-wrap items-center gap-2 text-sm text-slate-700">
            <label htmlFor={controlId}>Hold out</label>
            <NumberInput id={controlId} min={0} max={50} decimals value={rollout.controlPercent} onValue={(v) => set({ controlPercent: v })} className="w-20" />
            <span>% of the audience, chosen at random, who never get the message.</span>
          </div>
          <p className="mt-2 text-xs text-slate-500">
            They are measured exactly like the recipients (replies, conversions, tags), so the report can show what the message changed — the
            lift — rather than what would have happened anyway. 5–10% is usual; 0 turns it off.
          </p>
          {rollout.controlPercent === 0 && (
            <div className="mt-3 flex flex-wrap items-center gap-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="control-hint">
              <span className="flex-1">
                Without a control group the report cannot measure lift{liftMatters ? " — and this campaign is an A/B test or tracks a conversion, where lift is what you want to know" : ""}.
              </span>
              <button type="button" className="font-medium text-brand-700 hover:underline" onClick={() => set({ controlPercent: SUGGESTED_CONTROL_PERCENT })}>
                Hold out {SUGGESTED_CONTROL_PERCENT}%
              </button>
            </div>
          )}
        </Card>

        <Card title="Stages">
          <div className="space-y-2">
            <Choice name="first-stage" checked={!staged} onChange={() => set({ firstStage: null })}>
              <span className="font-medium text-slate-900">Everyone at once</span>
              <span className="block text-xs text-slate-500">One stage with the whole audience.</span>
            </Choice>
            <Choice name="first-stage" checked={staged} onChange={() => set({ firstStage: rollout.firstStage ?? suggested })}>
              <span className="font-medium text-slate-900">Start with a test stage</span>
              <span className="block text-xs text-slate-500">Send to a random sample first, check the results, then continue.</span>
            </Choice>
          </div>
          {staged && (
            <div className="mt-4 space-y-3 text-sm text-slate-700">
              <div className="flex flex-wrap items-center gap-2">
                <label htmlFor={firstId}>Stage 1: a random</label>
                <NumberInput id={firstId} min={1} max={1_000_000} value={rollout.firstStage ?? 200} onValue={(v) => set({ firstStage: v })} className="w-24" />
                <span>recipients</span>
              </div>
              {audienceCount !== null && firstStageTooLarge(rollout.firstStage, audienceCount) && (
                <p className="text-xs text-amber-800" data-testid="first-stage-hint">
                  That is {Math.round(((rollout.firstStage ?? 0) / audienceCount) * 100)}% of today’s audience: a test stage is usually about a tenth.{" "}
                  <button type="button" className="font-medium text-brand-700 hover:underline" onClick={() => set({ firstStage: suggested })}>Use {fmt(suggested)}</button>
                </p>
              )}
              <ol className="space-y-2">
                {rollout.stages.map((pct, i) => {
                  const last = i === rollout.stages.length - 1;
                  return (
                    <li key={i} className="flex flex-wrap items-center gap-2">
                      <span>Stage {i + 2}: up to</span>
                      <NumberInput min={1} max={100} aria-label={`Stage ${i + 2}: cumulative share of the audience (%)`} value={pct} onValue={(v) => setStage(i, v)} className="w-20" />
                      <span>% of the audience{last ? " (the rest)" : ""}</span>
                      {rollout.stages.length > 1 && (
                        <button type="button" className="text-xs text-slate-500 hover:text-red-600" aria-label={`Remove stage ${i + 2}`} onClick={() => set({ stages: rollout.stages.filter((_, j) => j !== i) })}>Remove</button>
                      )}
                    </li>
                  );
                })}
              </ol>
              {rollout.stages.length < 10 && <button type="button" className="text-sm text-brand-700 hover:underline" onClick={addStage}>+ Add a stage</button>}
              <p className="text-xs text-slate-500">Percentages are cumulative, of the audience without the control group; the last stage reaches 100%.</p>
            </div>
          )}
        </Card>

        {staged && (
          <Card title="Between stages">
            <div className="space-y-2">
              <Choice name="advance" checked={rollout.advance.mode === "manual"} onChange={() => set({ advance: { mode: "manual" } })}>
                <span className="font-medium text-slate-900">Wait for me</span>
                <span className="block text-xs text-slate-500">Each stage waits until someone presses “Continue” on the campaign page.</span>
              </Choice>
              <Choice name="advance" checked={rollout.advance.mode === "auto"} onChange={() => set({ advance: { mode: "auto", waitMinutes: rollout.advance.mode === "auto" ? rollout.advance.waitMinutes : 60 } })}>
                <span className="font-medium text-slate-900">Continue automatically</span>
                <span className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-600">
                  <span>after waiting</span>
                  <NumberInput
                    aria-label="Minutes to wait between stages"
                    min={1}
                    max={10080}
                    disabled={rollout.advance.mode !== "auto"}
                    value={rollout.advance.mode === "auto" ? rollout.advance.waitMinutes : 60}
                    onValue={(v) => set({ advance: { mode: "auto", waitMinutes: v } })}
                    className="w-20"
                  />
                  minutes after a stage is sent (pause or cancel any time).
                </span>
              </Choice>
            </div>
          </Card>
        )}
      </div>

      <div className="space-y-4 lg:sticky lg:top-4 lg:self-start">
        <Card title="Plan">
          {audienceCount === null ? (
            <p className="text-sm text-slate-500">Counting the audience…</p>
          ) : (
            <>
              <p className="mb-2 text-xs text-slate-500">For today’s audience of {fmt(audienceCount)} users; the launch freezes the exact list.</p>
              <StagePlan total={audienceCount} rollout={rollout} />
            </>
          )}
        </Card>
        <ProblemList problems={problems} showStep={false} />
      </div>
    </div>
  );
}
