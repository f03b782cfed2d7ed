"use client";
// A relative time that keeps up with a live page: "Launched 4 seconds ago" counts on every
// second for the first minute, then every 15 s (RelativeTime's minute tick is for lists).
import { useEffect, useState } from "react";
import { formatRelative } from "../../ui/time";

export function LiveTime({ iso }: { iso: string }) {
  const [now, setNow] = useState<number | null>(null);
  const young = now !== null && Math.abs(now - Date.parse(iso)) < 60_000;
  useEffect(() => {
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), Math.abs(Date.now() - Date.parse(iso)) < 60_000 ? 1000 : 15_000);
    return () => clearInterval(t);
  }, [iso, young]);
  const exact = new Date(iso).toLocaleString([], { timeZoneName: "short" });
  return (
    <time dateTime={iso} title={exact} data-testid="live-time">
      {now === null ? exact : formatRelative(iso, now)}
    </time>
  );
}
