"use client";
// The builder's live count: debounced; a newer edit aborts the request in flight, and
// an answer is applied only if it belongs to the newest request, so a slow stale answer
// never overwrites a newer one.
import { useEffect, useRef, useState } from "react";
import { ApiError, fetchJson } from "../ui/fetch-json";
import type { TRuleNode } from "@/lib/segments/rules";
import type { TSampleRow } from "./preview-table";

export type TLiveCount =
  | { state: "idle" }
  | { state: "counting"; last?: TCounted }
  | { state: "done"; result: TCounted }
  | { state: "invalid"; message: string; issues: { path: string; message: string }[]; last?: TCounted }
  | { state: "error"; message: string; last?: TCounted };

export type TCounted = { count: number; ms: number; sample: TSampleRow[]; rulesKey: string };

export function useLiveCount(botId: string, rules: TRuleNode, segmentId?: string, delayMs = 300): TLiveCount {
  const [status, setStatus] = useState<TLiveCount>({ state: "idle" });
  const seq = useRef(0);
  const lastResult = useRef<TCounted | undefined>(undefined);
  const rulesKey = JSON.stringify(rules);

  useEffect(() => {
    if (!botId) return;
    const mine = ++seq.current;
    const controller = new AbortController();
    setStatus({ state: "counting", last: lastResult.current });
    const timer = setTimeout(() => {
      fetchJson<{ count: number; ms: number; sample: TSampleRow[] }>("/api/segments/preview", {
        method: "POST",
        json: { botId, rules: JSON.parse(rulesKey), segmentId, sample: 50 },
        signal: controller.signal,
      })
        .then((r) => {
          if (mine !== seq.current) return;
          lastResult.current = { ...r, rulesKey };
          setStatus({ state: "done", result: lastResult.current });
        })
        .catch((e: unknown) => {
          if (mine !== seq.current || controller.signal.aborted) return;
          if (e instanceof ApiError && e.status === 400) {
            const issues = ((e.details as { issues?: { path: string; message: string }[] } | undefined)?.issues ?? []).slice(0, 10);
            setStatus({ state: "invalid", message: e.message, issues, last: lastResult.current });
          } else {
            setStatus({ state: "error", message: e instanceof Error ? e.message : String(e), last: lastResult.current });
          }
        });
    }, delayMs);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [botId, rulesKey, segmentId, delayMs]);

  return status;
}
