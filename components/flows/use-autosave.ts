"use client";
// Autosave of the draft: 800 ms after the last change, one save at a time (each based on
// the revision the previous one returned). A failed save keeps the edits and is retried
// on the next change (or by "Retry"); a 409 means someone else saved: stop and ask to
// reload. A draft the schema refuses is never sent. Leaving with unsaved edits warns, and
// an unmount (in-app navigation) sends the last valid edits with keepalive. A new name
// another flow of the bot already has is refused (409 too): that is reported apart, and the
// editor then saves the draft without the name. A draft the schema refuses (an empty
// option label…) is kept in this browser (local-backup.ts) and restored when the flow is
// opened again; links inside the console ask before leaving it.
import { useCallback, useEffect, useRef, useState } from "react";
import type { TFlowDocument, TFlowIssue } from "@/lib/flows/document";
import { ApiError, fetchJson } from "../ui/fetch-json";
import { issuesFromDetails, type TSaveAnswer } from "./api-types";
import { clearBackup, readBackup, writeBackup } from "../ui/local-backup";
import { useLeaveGuard } from "../ui/use-leave-guard";

const DEBOUNCE_MS = 800;

/** `name` is left out while it is empty or known to be taken. */
export type TSavePayload = { draft: TFlowDocument; name?: string; description: string };
export type TSaveStatus = "saved" | "dirty" | "saving" | "error" | "invalid" | "conflict";

type TOptions = {
  flowId: string;
  payload: TSavePayload;
  payloadKey: string;
  /** False when the draft or the name fails validation: nothing is sent. */
  valid: boolean;
  initialRevision: number;
  initialName: string;
  /** The server's issues of the saved draft. */
  onSaved: (issues: TFlowIssue[], draft: TFlowDocument) => void;
  onRejected: (issues: TFlowIssue[]) => void;
  onNameTaken: (name: string, message: string) => void;
  /** An invalid draft kept in this browser on an earlier visit, to put back into the editor. */
  onRestore?: (payload: TSavePayload) => void;
};

type TBackup = { baseRevision: number; payload: TSavePayload };

export function useAutosave({ flowId, payload, payloadKey, valid, initialRevision, initialName, onSaved, onRejected, onNameTaken, onRestore }: TOptions) {
  const [state, setState] = useState<{ status: TSaveStatus; message?: string }>({ status: "saved" });
  const savedKey = useRef(payloadKey);
  const revision = useRef(initialRevision);
  const savedName = useRef(initialName);
  const latest = useRef({ payload, payloadKey, valid });
  const conflict = useRef(false);
  const queue = useRef<Promise<boolean>>(Promise.resolve(true));
  const callbacks = useRef({ onSaved, onRejected, onNameTaken, onRestore });
  const backupKey = `tagflow:flow-draft:${flowId}`;

  useEffect(() => {
    latest.current = { payload, payloadKey, valid };
    callbacks.current = { onSaved, onRejected, onNameTaken, onRestore };
  });

  // Opened again: put back what was kept, unless the flow was saved elsewhere since.
  useEffect(() => {
    const kept = readBackup<TBackup>(backupKey);
    if (kept && kept.baseRevision === initialRevision && kept.payload?.draft) callbacks.current.onRestore?.(kept.payload);
    else if (kept) clearBackup(backupKey);
    // Only when the editor opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [backupKey]);

  // An invalid draft is never sent: keep it here until it is valid (then it is saved) or undone.
  useEffect(() => {
    if (payloadKey === savedKey.current || valid) clearBackup(backupKey);
    else writeBackup(backupKey, { baseRevision: revision.current, payload: latest.current.payload } satisfies TBackup);
  }, [payloadKey, valid, backupKey]);

  const saveOnce = useCallback(async (): Promise<boolean> => {
    if (conflict.current) return false;
    const { payload: body, payloadKey: key, valid: ok } = latest.current;
    if (key === savedKey.current) {
      setState({ status: "saved" });
      return true;
    }
    if (!ok) {
      setState({ status: "invalid" });
      return false;
    }
    setState({ status: "saving" });
    try {
      const res = await fetchJson<TSaveAnswer>(`/api/flows/${flowId}`, { method: "PUT", json: { ...body, baseRevision: revision.current } });
      revision.current = res.draftRevision;
      savedKey.current = key;
      if (body.name !== undefined) savedName.current = body.name;
      callbacks.current.onSaved(res.issues ?? [], body.draft);
      setState({ status: latest.current.payloadKey === key ? "saved" : "dirty" });
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && body.name !== undefined && body.name !== savedName.current) {
        callbacks.current.onNameTaken(body.name, e.message);
        setState({ status: "error", message: e.message });
      } else if (e instanceof ApiError && e.status === 409) {
        conflict.current = true;
        setState({ status: "conflict", message: e.message });
      } else {
        if (e instanceof ApiError && e.status === 400) callbacks.current.onRejected(issuesFromDetails(e.details));
        setState({ status: "error", message: e instanceof Error ? e.message : "The draft could not be saved." });
      }
      return false;
    }
  }, [flowId]);

  /** Saves now (after any save in flight); true when everything is saved. */
  const save = useCallback((): Promise<boolean> => {
    const next = queue.current.then(saveOnce, saveOnce);
    queue.current = next;
    return next;
  }, [saveOnce]);

  useEffect(() => {
    if (conflict.current) return;
    if (payloadKey === savedKey.current) {
      setState((s) => (s.status === "dirty" || s.status === "invalid" || s.status === "error" ? { status: "saved" } : s));
      return;
    }
    setState((s) => (s.status === "saving" ? s : { status: valid ? "dirty" : "invalid", message: s.status === "error" ? s.message : undefined }));
    if (!valid) return;
    const timer = setTimeout(() => void save(), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [payloadKey, valid, save]);

  useEffect(() => {
    const unsaved = () => !conflict.current && latest.current.payloadKey !== savedKey.current;
    const warn = (e: BeforeUnloadEvent) => {
      if (unsaved()) e.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => {
      window.removeEventListener("beforeunload", warn);
      // Leaving the page inside the console: send what is valid and unsaved.
      if (unsaved() && latest.current.valid) {
        void fetch(`/api/flows/${flowId}`, {
          method: "PUT",
          keepalive: true,
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ ...latest.current.payload, baseRevision: revision.current }),
        }).catch(() => undefined);
      }
    };
  }, [flowId]);

  useLeaveGuard(state.status === "invalid" ? "This flow has changes that are not saved: fix the fields marked in red first. They are kept in this browser only. Leave anyway?" : null);

  return { status: state.status, message: state.message, save };
}
