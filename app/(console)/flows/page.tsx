import type { Metadata } from "next";
import { PageHeader, EmptyState } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Flows" };

export default async function FlowsPage() {
  await requirePagePermission("flows:edit");
  return (
    <>
      <PageHeader title="Flows" description="What your bot does, drawn as a graph." />
      <EmptyState icon="⇢" title="No flows yet">
        <p>
          Here you will draw command flows in a visual editor — &ldquo;send menu → on click, add tag
          Interest-Tech&rdquo; — and publish them to the live bot without a restart. Until then, bots answer
          /start, /menu and /help with a built-in welcome menu.
        </p>
      </EmptyState>
    </>
  );
}
