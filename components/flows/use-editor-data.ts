"use client";
// Side data of the editor: the 7-day counts per node (refreshed each minute) and what the
// forms autocomplete from (the bot's tags and attribute keys).
import { useEffect, useState } from "react";
import { toast } from "sonner";
import type { TRuleOptions } from "@/lib/segments/list-rule-options";
import { fetchJson } from "../ui/fetch-json";
import type { TFlowStats } from "./api-types";

const STATS_EVERY_MS = 60_000;

export function useFlowStats(flowId: string) {
  const [stats, setStats] = useState<Record<string, number> | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      fetchJson<TFlowStats>(`/api/flows/${flowId}/stats`)
        .then((s) => live && setStats(s.nodes))
        .catch(() => undefined); // the counts are a nicety: the canvas works without them
    void load();
    const timer = setInterval(load, STATS_EVERY_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [flowId]);
  return stats;
}

export function useAutocomplete(botId: string) {
  const [options, setOptions] = useState<{ tags: string[]; attributes: string[] }>({ tags: [], attributes: [] });
  useEffect(() => {
    let live = true;
    fetchJson<TRuleOptions>(`/api/segments/options?botId=${encodeURIComponent(botId)}`)
      .then((o) => live && setOptions({ tags: o.tags.map((t) => t.name), attributes: o.attributes.map((a) => a.key) }))
      .catch((e: unknown) => toast.error(e instanceof Error ? `Tags and attributes could not be loaded: ${e.message}` : "Tags and attributes could not be loaded."));
    return () => {
      live = false;
    };
  }, [botId]);
  return options;
}
