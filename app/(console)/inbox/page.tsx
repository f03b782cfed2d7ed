import type { Metadata } from "next";
import { requirePagePermission } from "@/lib/auth/session";
import { listInboxStaff } from "@/lib/inbox/list-inbox-staff";
import { seesAll } from "@/lib/inbox/visibility";
import { InboxApp } from "@/components/inbox/inbox-app";
import { inboxCursor } from "@/lib/realtime/listener";

export const metadata: Metadata = { title: "Inbox" };

export default async function InboxPage({ searchParams }: { searchParams: Promise<{ c?: string }> }) {
  const staff = await requirePagePermission("inbox:use");
  // Read the event cursor before any data: the live stream resumes from here, so
  // nothing committed between this render and the stream's connection is missed.
  const streamAfter = (await inboxCursor()).toString();
  const [people, { c }] = await Promise.all([listInboxStaff(), searchParams]);
  return (
    <InboxApp
      me={{ id: staff.id, name: staff.name, role: staff.role, seesAll: seesAll(staff) }}
      staff={people}
      initialConversationId={typeof c === "string" && c ? c : null}
      streamAfter={streamAfter}
    />
  );
}
