"use client";
import { useEffect, useState } from "react";

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 31_536_000], ["month", 2_592_000], ["week", 604_800], ["day", 86_400], ["hour", 3_600], ["minute", 60], ["second", 1],
];

const LONG = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
/** "5m ago", "3h ago", "2d ago": for narrow columns. */
const COMPACT = new Intl.RelativeTimeFormat("en", { numeric: "always", style: "narrow" });

export function formatRelative(iso: string, now = Date.now(), compact = false): string {
  let seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  // A time from just after the last tick (or a slightly fast clock) is "now", not "in 3 seconds".
  if (seconds > 0 && seconds < 120) seconds = 0;
  if (compact && Math.abs(seconds) < 10) return "now";
  const rtf = compact ? COMPACT : LONG;
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === "second") return rtf.format(Math.round(seconds / size), unit);
  }
  return iso;
}

/**
 * "3 hours ago" ("3h ago" when compact), with the exact time on hover; re-renders each minute.
 * `live` (a page that follows something happening now): every second while the time is under a
 * minute old, then every 15 s, and the hover names the time zone.
 */
export function RelativeTime({ iso, compact = false, live = false }: { iso: string; compact?: boolean; live?: boolean }) {
  const [now, setNow] = useState<number | null>(null);
  const young = live && now !== null && Math.abs(now - Date.parse(iso)) < 60_000;
  useEffect(() => {
    setNow(Date.now());
    const fresh = live && Math.abs(Date.now() - Date.parse(iso)) < 60_000;
    const t = setInterval(() => setNow(Date.now()), fresh ? 1000 : live ? 15_000 : 60_000);
    return () => clearInterval(t);
  }, [iso, live, young]);
  const exact = live ? new Date(iso).toLocaleString([], { timeZoneName: "short" }) : new Date(iso).toLocaleString();
  return (
    <time dateTime={iso} title={exact} data-testid={live ? "live-time" : undefined}>
      {now === null ? (live ? exact : new Date(iso).toISOString().slice(0, 16).replace("T", " ")) : formatRelative(iso, now, compact)}
    </time>
  );
}
