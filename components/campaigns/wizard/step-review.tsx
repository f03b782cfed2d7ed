"use client";
// Step 6, review: everything at a glance — audience, message, the rollout plan with its
// duration at the campaign's rate, schedule — what still blocks the launch (each with a
// link to its step), and Launch, confirmed with the exact number of recipients.
import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { planStages } from "@/lib/campaigns/stages";
import type { TRuleOptions } from "@/lib/segments/list-rule-options";
import { Button } from "../../ui/button";
import { Card } from "../../ui/card";
import { ConfirmDialog } from "../../ui/dialog";
import { ApiError, fetchJson } from "../../ui/fetch-json";
import { effectiveRate, fmt, type TDraft } from "./draft";
import { ProblemList } from "./problem-list";
import { StagePlan } from "./stage-plan";
import { TrackingCard } from "./tracking-card";
import { checked, type TCheck, type TProblem } from "./use-campaign-check";
import type { TSaveState } from "./use-draft-autosave";

function Row({ label, children, step, goTo }: { label: string; children: React.ReactNode; step: number; goTo: (n: number) => void }) {
  return (
    <div className="flex gap-3 py-2">
      <dt className="w-24 shrink-0 text-sm text-slate-500">{label}</dt>
      <dd className="min-w-0 flex-1 text-sm text-slate-900">{children}</dd>
      <button type="button" className="shrink-0 text-xs text-brand-700 hover:underline" onClick={() => goTo(step)}>Edit</button>
    </div>
  );
}

export function StepReview({ campaignId, draft, check, options, onTracking, flush, goTo, canEdit, save, botUsername, held = [] }: {
  campaignId: string; draft: TDraft; check: TCheck; options: TRuleOptions; onTracking: (t: TDraft["tracking"]) => void;
  flush: () => Promise<boolean>; goTo: (n: number) => void; canEdit: boolean; save: TSaveState; botUsername: string; held?: TProblem[];
}) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [launching, setLaunching] = useState(false);
  const [launchProblems, setLaunchProblems] = useState<TProblem[] | null>(null);
  const result = checked(check);
  // A launch refused for problems shows them until the next check.
  useEffect(() => {
    if (check.state === "done") setLaunchProblems(null);
  }, [check]);
  const saving = save.state === "saving" || save.state === "pending";
  const unsaved = save.state === "invalid" || save.state === "error" ? save.message : null;
  const problems = [...held, ...(launchProblems ?? result?.problems ?? [])];
  const total = result?.audienceCount ?? 0;
  const plan = planStages(total, draft.rollout);
  const toSend = plan.stages.reduce((a, b) => a + b, 0);
  const rate = effectiveRate(draft);
  const { audience, message, schedule } = draft;
  const segment = options.segments.find((s) => s.id === audience.segmentId);
  const ready = check.state === "done" && problems.length === 0;
  const startsAt = schedule.mode === "at" && schedule.at ? new Date(schedule.at).toLocaleString() : null;

  async function launch() {
    setLaunching(true);
    try {
      if (!(await flush())) throw new Error("Some changes are not saved yet; fix them first (see the top of the page).");
      const res = await fetchJson<{ recipients: number; control: number; stages: number[] }>(`/api/campaigns/${campaignId}/launch`, { method: "POST" });
      toast.success(`Launched to ${fmt(res.recipients - res.control)} recipients${res.control ? ` (${fmt(res.control)} held out)` : ""}.`);
      setConfirming(false);
      router.refresh();
    } catch (e) {
      const details = e instanceof ApiError ? (e.details as { problems?: TProblem[] } | undefined) : undefined;
      if (details?.problems) setLaunchProblems(details.problems);
      toast.error(e instanceof Error ? e.message : "The campaign could not be launched.");
      setConfirming(false);
    } finally {
      setLaunching(false);
    }
  }

  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_22rem]">
      <div className="space-y-4">
        <Card title="Summary">
          <dl className="divide-y divide-slate-100">
            <Row label="Audience" step={1} goTo={goTo}>
              {audience.source === "segment" ? (segment ? <>Segment “{segment.name}”</> : "No segment chosen") : "Ad-hoc rules"} ·{" "}
              <span className="tabular-nums" data-testid="review-audience">{result ? fmt(total) : "…"}</span> users now
              {audience.frequencyCapHours > 0 && <> · skip anyone who got a campaign in the last {audience.frequencyCapHours} h</>}
            </Row>
            <Row label="Message" step={2} goTo={goTo}>
              {message.variants.length === 1 ? "One message" : `A/B test: ${message.variants.map((v) => `${v.name} ${v.share}%`).join(" · ")}`}
              {message.variants.some((v) => v.photo) && " · with a photo"}
              {message.variants[0]!.buttons.length > 0 && ` · ${message.variants[0]!.buttons.flat().length} button${message.variants[0]!.buttons.flat().length === 1 ? "" : "s"}`}
            </Row>
            <Row label="When" step={5} goTo={goTo}>{startsAt ? `Starts ${startsAt}` : schedule.mode === "now" ? "As soon as you launch" : schedule.mode === "at" ? "At a time (not chosen yet)" : schedule.localDate && schedule.localTime ? `${schedule.localDate} at ${schedule.localTime}, each recipient’s local time` : "At each recipient’s local time (date and time not chosen yet)"}</Row>
            <Row label="Speed" step={5} goTo={goTo}>{draft.paidBroadcast ? `Paid broadcast, ${fmt(rate)} messages/s` : `${rate} messages/s (Telegram’s limit)`}</Row>
            <Row label="Continue" step={4} goTo={goTo}>
              {plan.stages.length <= 1 ? "One stage" : draft.rollout.advance.mode === "manual" ? "Each stage waits for you" : `Each stage starts ${draft.rollout.advance.waitMinutes} min after the previous one is sent`}
            </Row>
          </dl>
        </Card>
        <Card title="Rollout plan">
          {result ? <StagePlan total={total} rollout={draft.rollout} rate={rate} /> : <p className="text-sm text-slate-500">Counting the audience…</p>}
        </Card>
        <TrackingCard tracking={draft.tracking} onChange={onTracking} events={options.events.map((e) => e.name)} />
      </div>

      <div className="space-y-4 lg:sticky lg:top-4 lg:self-start">
        <Card title="Launch">
          {check.state === "loading" && !result && <p className="text-sm text-slate-500">Checking…</p>}
          {result && problems.length > 0 && (
            <div className="space-y-2">
              <p className="text-sm font-medium text-red-700">Fix {problems.length === 1 ? "this" : `these ${problems.length} problems`} before launching:</p>
              <ProblemList problems={problems} goTo={goTo} />
            </div>
          )}
          {ready && <p className="text-sm text-emerald-700" data-testid="ready-to-launch">✓ Ready: {fmt(toSend)} recipients{plan.control ? `, ${fmt(plan.control)} in the control group` : ""}.</p>}
          {check.state === "error" && <p className="text-sm text-red-600" role="alert">{check.message}</p>}
          <Button className="mt-4 w-full" onClick={() => setConfirming(true)} disabled={!canEdit || !ready || saving || unsaved !== null}>
            {startsAt ? "Schedule campaign…" : "Launch campaign…"}
          </Button>
          {saving && ready && <p className="mt-1 text-center text-xs text-slate-500">Saving your last changes…</p>}
          {unsaved && <p className="mt-1 text-xs text-amber-700">Not saved yet: {unsaved}</p>}
        </Card>
      </div>

      <ConfirmDialog open={confirming} title={`Launch “${draft.name}”?`} confirmLabel={`Send to ${fmt(toSend)} users`} cancelLabel="Not yet" busy={launching} onConfirm={launch} onCancel={() => setConfirming(false)}>
        <div className="space-y-2" data-testid="launch-summary">
          <p>
            This sends the message through @{botUsername} to <strong data-testid="launch-recipients">{fmt(toSend)}</strong> users
            {startsAt ? `, starting ${startsAt}` : ", starting now"}.
          </p>
          {plan.stages.length > 1 && (
            <p>Stage 1 sends to {fmt(plan.stages[0]!)}; {plan.stages.length > 2 ? `the ${plan.stages.length - 1} later stages` : "the later stage"} ({plan.stages.slice(1).map(fmt).join(", ")}) {draft.rollout.advance.mode === "manual" ? (plan.stages.length > 2 ? "wait for you to continue" : "waits for you to continue") : (plan.stages.length > 2 ? "follow automatically" : "follows automatically")}.</p>
          )}
          {plan.control > 0 && <p>{fmt(plan.control)} users are held out as the control group and get nothing.</p>}
          <p className="text-slate-500">The audience is frozen now (counted a moment ago). You can pause or cancel while it sends, but a sent message cannot be recalled.</p>
        </div>
      </ConfirmDialog>
    </div>
  );
}
