"use client";
// The Users table follows tag changes as they happen (an agent's, a flow's, a campaign's):
// a tags.changed event on the live stream re-renders the page's data.
import { useRef } from "react";
import { useRouter } from "next/navigation";
import { useInboxStream } from "@/components/realtime/use-inbox-stream";

export function LiveTagsRefresh() {
  const router = useRouter();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useInboxStream((e) => {
    if (e.kind !== "tags.changed") return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => router.refresh(), 100);
  });
  return null;
}
