import type { Metadata } from "next";
import { FlowEditor } from "@/components/flows/flow-editor";
import { requirePagePermission } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Flow editor" };

export default async function FlowPage({ params }: { params: Promise<{ flowId: string }> }) {
  await requirePagePermission("flows:edit");
  const { flowId } = await params;
  return <FlowEditor flowId={flowId} />;
}
