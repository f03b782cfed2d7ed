"use client";
// Reads a JSON endpoint now and then every `intervalMs` (null: not again), keeping the
// last good answer through a failed read; `reload` reads at once.
import { useCallback, useEffect, useRef, useState } from "react";
import { fetchJson } from "../../ui/fetch-json";

export function usePoll<T>(url: string, intervalMs: number | null) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [at, setAt] = useState<number | null>(null);
  const seq = useRef(0);

  const reload = useCallback(async () => {
    const mine = ++seq.current;
    try {
      const r = await fetchJson<T>(url);
      if (mine !== seq.current) return;
      setData(r);
      setAt(Date.now());
      setError(null);
    } catch (e) {
      if (mine === seq.current) setError(e instanceof Error ? e.message : String(e));
    }
  }, [url]);

  useEffect(() => {
    void reload();
  }, [reload]);

  useEffect(() => {
    if (intervalMs === null) return;
    const t = setInterval(() => {
      if (document.visibilityState === "visible") void reload();
    }, intervalMs);
    return () => clearInterval(t);
  }, [reload, intervalMs]);

  return { data, error, reload, at };
}
