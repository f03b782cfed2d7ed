"use client";
// The wizard's draft, saved on the server as it is edited: changes are debounced, one
// save is in flight at a time (a change made meanwhile goes in the next one), and each
// part is checked against its schema first, so a half-typed part is held back (and
// named, for the step's badge and problems) instead of failing the whole save. A held
// part is kept in this browser (local-backup.ts) and restored on the next visit, so a
// reload never silently drops it.
import { useCallback, useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { ApiError, fetchJson } from "../../ui/fetch-json";
import { DRAFT_LABELS, DRAFT_SCHEMAS, type TDraft, type TDraftKey } from "./draft";
import { heldMessage } from "./held-message";
import { clearBackup, readBackup, writeBackup } from "../../ui/local-backup";
import { useLeaveGuard } from "../../ui/use-leave-guard";

/** Parts held back (not valid yet), each with what is wrong in the wizard's words. */
export type THeld = Partial<Record<TDraftKey, string>>;

export type TSaveState =
  | { state: "saved"; at: number | null }
  | { state: "pending" }
  | { state: "saving" }
  | { state: "invalid"; message: string }
  | { state: "error"; message: string };

export function useDraftAutosave(campaignId: string, initial: TDraft, enabled: boolean, delayMs = 500) {
  const router = useRouter();
  const [draft, setDraft] = useState(initial);
  const [save, setSave] = useState<TSaveState>({ state: "saved", at: null });
  /** Bumped after every successful save: the launch check re-runs. */
  const [revision, setRevision] = useState(0);
  const [held, setHeld] = useState<THeld>({});
  const backupKey = `tagflow:campaign-draft:${campaignId}`;
  const current = useRef(initial);
  const dirty = useRef(new Set<TDraftKey>());
  const inflight = useRef<Promise<boolean> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const send = useCallback(async (): Promise<boolean> => {
    const body: Partial<Record<TDraftKey, unknown>> = {};
    const heldNow: THeld = {};
    const held: string[] = [];
    for (const key of dirty.current) {
      const parsed = DRAFT_SCHEMAS[key].safeParse(current.current[key]);
      if (parsed.success) body[key] = current.current[key];
      else {
        heldNow[key] = heldMessage(key, parsed.error.issues[0], current.current);
        held.push(`${DRAFT_LABELS[key]}: ${heldNow[key]}`);
      }
    }
    setHeld(heldNow);
    const heldKeys = Object.keys(heldNow) as TDraftKey[];
    if (heldKeys.length) writeBackup(backupKey, Object.fromEntries(heldKeys.map((k) => [k, current.current[k]])));
    else clearBackup(backupKey);
    const keys = Object.keys(body) as TDraftKey[];
    if (keys.length === 0) {
      setSave(held.length ? { state: "invalid", message: held.join("; ") } : { state: "saved", at: Date.now() });
      return held.length === 0;
    }
    for (const k of keys) dirty.current.delete(k);
    setSave({ state: "saving" });
    try {
      await fetchJson(`/api/campaigns/${campaignId}`, { method: "PATCH", json: body });
      setRevision((r) => r + 1);
      setSave(held.length ? { state: "invalid", message: held.join("; ") } : dirty.current.size ? { state: "pending" } : { state: "saved", at: Date.now() });
      return held.length === 0;
    } catch (e) {
      for (const k of keys) dirty.current.add(k);
      if (e instanceof ApiError && e.status === 409) {
        toast.error(e.message);
        router.refresh();
      }
      setSave({ state: "error", message: e instanceof Error ? e.message : "Could not save." });
      return false;
    }
  }, [campaignId, router, backupKey]);

  /** Saves what is pending now; true when everything is saved. */
  const flush = useCallback(async (): Promise<boolean> => {
    clearTimeout(timer.current);
    while (inflight.current) await inflight.current;
    if (dirty.current.size === 0) return true;
    const p = send();
    inflight.current = p;
    try {
      return await p;
    } finally {
      inflight.current = null;
    }
  }, [send]);

  const update = useCallback(
    <K extends TDraftKey>(key: K, value: TDraft[K] | ((prev: TDraft[K]) => TDraft[K])) => {
      const next = typeof value === "function" ? (value as (p: TDraft[K]) => TDraft[K])(current.current[key]) : value;
      current.current = { ...current.current, [key]: next };
      setDraft(current.current);
      // Read only: moving between steps is local.
      if (!enabled) return;
      dirty.current.add(key);
      if (!DRAFT_SCHEMAS[key].safeParse(next).success) {
        const prev = readBackup<Partial<TDraft>>(backupKey) ?? {};
        writeBackup(backupKey, { ...prev, [key]: next });
      }
      setSave({ state: "pending" });
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), delayMs);
    },
    [enabled, flush, delayMs, backupKey],
  );

  // Parts held back on an earlier visit: put them back and check them again.
  useEffect(() => {
    if (!enabled) return;
    const saved = readBackup<Partial<TDraft>>(backupKey);
    if (!saved || typeof saved !== "object") return;
    const keys = (Object.keys(saved) as TDraftKey[]).filter((k) => k in DRAFT_SCHEMAS);
    if (keys.length === 0) return;
    current.current = { ...current.current, ...Object.fromEntries(keys.map((k) => [k, saved[k]])) };
    setDraft(current.current);
    for (const k of keys) dirty.current.add(k);
    toast.info(`Restored your unsaved edits (${[...new Set(keys.map((k) => DRAFT_LABELS[k]))].join(", ")}) from this browser.`);
    void flush();
  }, [enabled, backupKey, flush]);

  // Leaving with unsaved edits: save what can be saved, and ask before closing the tab.
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (dirty.current.size > 0 || inflight.current) {
        void flush();
        e.preventDefault();
      }
    };
    const hidden = () => {
      if (document.visibilityState === "hidden" && dirty.current.size > 0) void flush();
    };
    window.addEventListener("beforeunload", warn);
    document.addEventListener("visibilitychange", hidden);
    return () => {
      window.removeEventListener("beforeunload", warn);
      document.removeEventListener("visibilitychange", hidden);
      clearTimeout(timer.current);
    };
  }, [flush]);

  const heldLabels = [...new Set((Object.keys(held) as TDraftKey[]).map((k) => DRAFT_LABELS[k]))];
  useLeaveGuard(heldLabels.length ? `${heldLabels.join(" and ")}: not saved yet (fix what is marked). Your edit is kept in this browser only. Leave anyway?` : null);

  return { draft, update, flush, save, revision, held };
}
