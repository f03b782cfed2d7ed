import type { Metadata } from "next";
import { PageHeader, EmptyState } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/session";
import { countOpenConversations } from "@/lib/inbox/count-open-conversations";

export const metadata: Metadata = { title: "Inbox" };

export default async function InboxPage() {
  await requirePagePermission("inbox:use");
  const open = await countOpenConversations();
  return (
    <>
      <PageHeader title="Inbox" description="Live chat with your bots' users." />
      <EmptyState icon="✉" title={open > 0 ? `${open} open conversations are waiting` : "No conversations yet"}>
        <p>
          Here agents will answer users in real time, assign and transfer conversations, add internal notes and canned
          replies, and tag users while they talk. Every message your bots receive is already stored, so nothing is lost
          until the live inbox arrives.
        </p>
      </EmptyState>
    </>
  );
}
