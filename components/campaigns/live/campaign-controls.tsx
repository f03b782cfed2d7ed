"use client";
// Pause, resume, cancel (confirmed) and continue to the next stage (confirmed, with its size).
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "../../ui/button";
import { ConfirmDialog } from "../../ui/dialog";
import { fetchJson } from "../../ui/fetch-json";
import { fmt } from "../wizard/draft";
import type { TProgress } from "./types";

type TAction = "pause" | "resume" | "cancel" | "continue";

export function CampaignControls({ campaignId, p, onDone }: { campaignId: string; p: TProgress; onDone: () => void }) {
  const [busy, setBusy] = useState<TAction | null>(null);
  const [confirm, setConfirm] = useState<"cancel" | "continue" | null>(null);
  // A confirmed action's failure shows in its dialog (a toast would sit under the backdrop).
  const [confirmError, setConfirmError] = useState<string | null>(null);
  const next = p.stages.find((s) => s.stage === p.stage + 1);
  const unsent = p.stages.reduce((a, s) => a + s.remaining, 0);

  async function act(action: TAction) {
    setBusy(action);
    setConfirmError(null);
    try {
      await fetchJson(`/api/campaigns/${campaignId}/control`, { method: "POST", json: { action } });
      toast.success({ pause: "Paused.", resume: "Sending again.", cancel: "Campaign cancelled.", continue: `Stage ${p.stage + 1} is sending.` }[action]);
      setConfirm(null);
    } catch (e) {
      const message = e instanceof Error ? e.message : "That did not work.";
      if (action === "cancel" || action === "continue") setConfirmError(message);
      else toast.error(message);
    } finally {
      setBusy(null);
      onDone();
    }
  }

  const s = p.status;
  return (
    <div className="flex flex-wrap gap-2">
      {s === "STAGE_DONE" && next && (
        <Button onClick={() => setConfirm("continue")} loading={busy === "continue"}>
          Continue to stage {next.stage} ({fmt(next.total)} recipients)
        </Button>
      )}
      {(s === "RUNNING" || s === "SCHEDULED") && <Button variant="secondary" onClick={() => act("pause")} loading={busy === "pause"}>Pause</Button>}
      {s === "PAUSED" && <Button onClick={() => act("resume")} loading={busy === "resume"}>Resume</Button>}
      {(s === "RUNNING" || s === "SCHEDULED" || s === "PAUSED" || s === "STAGE_DONE") && (
        <Button variant="ghost" className="text-red-600 hover:bg-red-50" onClick={() => setConfirm("cancel")} loading={busy === "cancel"}>Cancel campaign…</Button>
      )}
      <ConfirmDialog open={confirm === "continue"} title={`Send stage ${next?.stage ?? ""}?`} confirmLabel={`Send to ${fmt(next?.total ?? 0)} users`} cancelLabel="Not yet" busy={busy === "continue"} error={confirmError} onConfirm={() => act("continue")} onCancel={() => (setConfirm(null), setConfirmError(null))}>
        <p>Stage {next?.stage} sends the message to {fmt(next?.total ?? 0)} more users, at the campaign’s rate. Check the report of the stages so far first.</p>
      </ConfirmDialog>
      <ConfirmDialog open={confirm === "cancel"} title="Cancel this campaign?" confirmLabel="Cancel campaign" cancelLabel="Keep it" danger busy={busy === "cancel"} error={confirmError} onConfirm={() => act("cancel")} onCancel={() => (setConfirm(null), setConfirmError(null))}>
        <p>
          Nothing more is sent: the {fmt(unsent)} recipients who have not received it yet are skipped. Messages already sent stay; the report keeps
          measuring them. A cancelled campaign cannot be resumed.
        </p>
      </ConfirmDialog>
    </div>
  );
}
