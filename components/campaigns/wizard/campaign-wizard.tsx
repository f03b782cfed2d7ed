"use client";
// The campaign wizard: six steps over one draft that is saved on the server as it is
// edited (so a reload loses nothing, including the step you were on).
import { useCallback, useEffect, useId, useState } from "react";
import type { TRuleOptions } from "@/lib/segments/list-rule-options";
import { Button } from "../../ui/button";
import { fetchJson } from "../../ui/fetch-json";
import { STEPS, type TDraft } from "./draft";
import { SaveIndicator } from "./save-indicator";
import { StepAudience } from "./step-audience";
import { StepMessage } from "./step-message";
import { StepNav } from "./step-nav";
import { StepReview } from "./step-review";
import { StepRollout } from "./step-rollout";
import { StepSchedule } from "./step-schedule";
import { StepTestSend, type TTestState } from "./step-test-send";
import { checked, useCampaignCheck, type TProblem } from "./use-campaign-check";
import { useDraftAutosave } from "./use-draft-autosave";

const EMPTY_OPTIONS: TRuleOptions = { tags: [], events: [], attributes: [], sources: [], languages: [], segments: [], campaigns: [] };

export type TWizardBot = { id: string; username: string };

export function CampaignWizard({ campaignId, initial, bot, canEdit, linkBase }: { campaignId: string; initial: TDraft; bot: TWizardBot; canEdit: boolean; linkBase?: { url: string; local: boolean } }) {
  const { draft, update, flush, save, revision, held } = useDraftAutosave(campaignId, initial, canEdit);
  const check = useCampaignCheck(campaignId, revision);
  const result = checked(check);
  // What the server checked (the saved draft) and what is held back in this browser (not
  // valid yet, so not saved): one list, so the step badges, Problems and Review agree.
  const heldProblems: TProblem[] = (["audience", "message", "rollout", "schedule"] as const).flatMap((k) => (held[k] ? [{ step: k, message: held[k]!.charAt(0).toUpperCase() + held[k]!.slice(1) + "." }] : []));
  const problems = [...heldProblems, ...(result?.problems ?? [])];
  const [options, setOptions] = useState<TRuleOptions>(EMPTY_OPTIONS);
  const [test, setTest] = useState<TTestState>({ users: [], results: null, variantId: "" });
  const nameId = useId();
  const step = draft.wizardStep;

  useEffect(() => {
    let live = true;
    fetchJson<TRuleOptions>(`/api/segments/options?botId=${encodeURIComponent(bot.id)}`)
      .then((o) => live && setOptions(o))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [bot.id]);

  const setRollout = useCallback((r: TDraft["rollout"]) => update("rollout", r), [update]);
  const goTo = (n: number) => {
    update("wizardStep", n);
    void flush();
    window.scrollTo({ top: 0 });
  };
  const title = STEPS[step - 1]!.title;

  return (
    <div data-testid="campaign-wizard">
      <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0 flex-1">
          <label htmlFor={nameId} className="sr-only">Campaign name</label>
          <input
            id={nameId}
            value={draft.name}
            onChange={(e) => update("name", e.target.value)}
            disabled={!canEdit}
            maxLength={100}
            className="w-full max-w-xl rounded-md border border-transparent bg-transparent px-1 text-2xl font-semibold tracking-tight hover:border-slate-200 focus:border-brand-500 focus:bg-white focus:outline-none"
          />
          <p className="mt-1 px-1 text-sm text-slate-600">Draft · sends through @{bot.username}</p>
        </div>
        {canEdit ? <SaveIndicator save={save} onRetry={() => void flush()} /> : <p className="text-sm text-slate-500">Read only: your role can view campaigns but not edit them.</p>}
      </div>

      <StepNav step={step} problems={problems} onStep={goTo} />

      <fieldset disabled={!canEdit} className="min-w-0">
        <legend className="sr-only">Step {step}: {title}</legend>
        {step === 1 && <StepAudience audience={draft.audience} onChange={(a) => update("audience", a)} botId={bot.id} options={options} check={check} held={heldProblems.filter((p) => p.step === "audience")} />}
        {step === 2 && <StepMessage message={draft.message} onChange={(m) => update("message", m)} options={options} problems={problems.filter((p) => p.step === "message")} botName={`@${bot.username}`} linkBase={linkBase} />}
        {step === 3 && <StepTestSend campaignId={campaignId} botId={bot.id} message={draft.message} flush={flush} state={test} setState={setTest} />}
        {step === 4 && <StepRollout rollout={draft.rollout} onChange={setRollout} liftMatters={draft.message.variants.length > 1 || !!draft.tracking.conversionEvent} audienceCount={result?.audienceCount ?? null} problems={problems.filter((p) => p.step === "rollout")} />}
        {step === 5 && (
          <StepSchedule
            schedule={draft.schedule}
            onChange={(s) => update("schedule", s)}
            speed={{ paidBroadcast: draft.paidBroadcast, ratePerSecond: draft.ratePerSecond }}
            onSpeed={(s) => {
              update("paidBroadcast", s.paidBroadcast);
              update("ratePerSecond", s.ratePerSecond);
            }}
            problems={problems.filter((p) => p.step === "schedule")}
          />
        )}
        {step === 6 && (
          <StepReview
            campaignId={campaignId}
            draft={draft}
            check={check}
            options={options}
            onTracking={(t) => update("tracking", t)}
            flush={flush}
            goTo={goTo}
            canEdit={canEdit}
            save={save}
            botUsername={bot.username}
            held={heldProblems}
          />
        )}
      </fieldset>

      <div className="mt-6 flex items-center justify-between border-t border-slate-200 pt-4">
        <Button variant="secondary" onClick={() => goTo(step - 1)} disabled={step === 1} className={step === 1 ? "invisible" : undefined}>
          ← Back{step > 1 ? `: ${STEPS[step - 2]!.title}` : ""}
        </Button>
        {step < 6 && <Button onClick={() => goTo(step + 1)}>Next: {STEPS[step]!.title} →</Button>}
      </div>
      {check.state === "error" && <p className="mt-2 text-sm text-red-600" role="alert">Could not check the campaign: {check.message}</p>}
    </div>
  );
}
