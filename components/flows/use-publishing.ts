"use client";
// Publish and unpublish. Publishing first saves the draft (the server publishes what is
// saved); a refusal's errors go onto the canvas.
import { useState } from "react";
import { toast } from "sonner";
import type { TFlowIssue } from "@/lib/flows/document";
import { ApiError, fetchJson } from "../ui/fetch-json";
import { issuesFromDetails, type TFlowStatus, type TPublishAnswer } from "./api-types";

export function usePublishing({ flowId, initial, save, onIssues }: {
  flowId: string;
  initial: { status: TFlowStatus; publishedVersion: number | null };
  save: () => Promise<boolean>;
  onIssues: (issues: TFlowIssue[], refused: boolean) => void;
}) {
  const [status, setStatus] = useState(initial.status);
  const [publishedVersion, setPublishedVersion] = useState(initial.publishedVersion);
  const [dialog, setDialog] = useState<null | "publish" | "unpublish">(null);
  const [busy, setBusy] = useState(false);

  async function askToPublish() {
    setBusy(true);
    const saved = await save();
    setBusy(false);
    if (saved) setDialog("publish");
    else toast.error("The draft is not saved yet: fix what the editor shows, then publish.");
  }

  async function publish() {
    setBusy(true);
    try {
      const res = await fetchJson<TPublishAnswer>(`/api/flows/${flowId}/publish`, { method: "POST", json: {} });
      setStatus("published");
      setPublishedVersion(res.version);
      onIssues(res.issues ?? [], false);
      toast.success(`Version ${res.version} is live.`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) {
        const issues = issuesFromDetails(e.details);
        onIssues(issues.length > 0 ? issues : [{ nodeId: null, severity: "error", message: e.message }], true);
        toast.error(`Publishing was refused: ${e.message}`);
      } else {
        toast.error(e instanceof Error ? e.message : "The flow could not be published.");
      }
    } finally {
      setBusy(false);
      setDialog(null);
    }
  }

  async function unpublish() {
    setBusy(true);
    try {
      await fetchJson(`/api/flows/${flowId}/unpublish`, { method: "POST", json: {} });
      setStatus("draft");
      setPublishedVersion(null);
      toast.success("Unpublished: the bot no longer runs this flow.");
    } catch (e) {
      toast.error(e instanceof Error ? e.message : "The flow could not be unpublished.");
    } finally {
      setBusy(false);
      setDialog(null);
    }
  }

  /** A saved draft differs from what is live. */
  const markChanged = () => setStatus((s) => (s === "draft" ? s : "changed"));

  return { status, publishedVersion, dialog, setDialog, busy, askToPublish, publish, unpublish, markChanged };
}
