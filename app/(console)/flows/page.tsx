import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader, EmptyState } from "@/components/ui/card";
import { FlowList } from "@/components/flows/flow-list";
import { requirePagePermission } from "@/lib/auth/session";
import { listBotChoices } from "@/lib/bots/list-bots";

export const metadata: Metadata = { title: "Flows" };

export default async function FlowsPage() {
  await requirePagePermission("flows:edit");
  const bots = await listBotChoices();
  return (
    <>
      {bots.length === 0 ? (
        <>
          <PageHeader title="Flows" description="What your bot does, drawn as a graph and published to the live bot without a restart." />
          <EmptyState icon="⇢" title="Add a bot first" action={<Link className="text-brand-700 hover:underline" href="/settings">Settings → Bots</Link>}>
            <p>A flow belongs to one bot: connect a bot, then draw what it answers.</p>
          </EmptyState>
        </>
      ) : (
        <FlowList bots={bots} />
      )}
    </>
  );
}
