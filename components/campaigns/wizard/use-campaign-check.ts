"use client";
// What still blocks the launch and the audience's size (GET /check), re-read after every
// save; only the newest answer is applied.
import { useEffect, useRef, useState } from "react";
import { fetchJson } from "../../ui/fetch-json";

export type TProblem = { step: "audience" | "message" | "rollout" | "schedule"; message: string };
export type TCheck =
  | { state: "loading"; last?: TChecked }
  | { state: "done"; result: TChecked }
  | { state: "error"; message: string; last?: TChecked };
export type TChecked = { problems: TProblem[]; audienceCount: number };

export function useCampaignCheck(campaignId: string, revision: number): TCheck {
  const [check, setCheck] = useState<TCheck>({ state: "loading" });
  const last = useRef<TChecked | undefined>(undefined);
  const seq = useRef(0);
  useEffect(() => {
    const mine = ++seq.current;
    const controller = new AbortController();
    setCheck({ state: "loading", last: last.current });
    fetchJson<TChecked>(`/api/campaigns/${campaignId}/check`, { signal: controller.signal })
      .then((r) => {
        if (mine !== seq.current) return;
        last.current = r;
        setCheck({ state: "done", result: r });
      })
      .catch((e: unknown) => {
        if (mine !== seq.current || controller.signal.aborted) return;
        setCheck({ state: "error", message: e instanceof Error ? e.message : String(e), last: last.current });
      });
    return () => controller.abort();
  }, [campaignId, revision]);
  return check;
}

export function checked(c: TCheck): TChecked | undefined {
  return c.state === "done" ? c.result : c.last;
}
