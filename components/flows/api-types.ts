// Shapes of the flow API's answers (app/api/flows/**), as the console reads them.
import type { TFlowIssue } from "@/lib/flows/document";
import type { TFlowChoice } from "./node-form";

export type TFlowStatus = "draft" | "published" | "changed";

export type TFlowListItem = {
  id: string;
  botId: string;
  botName: string;
  botUsername: string;
  name: string;
  description: string | null;
  status: TFlowStatus;
  publishedVersion: number | null;
  publishedAt: string | null;
  updatedAt: string;
  nodeCount: number;
};

export type TFlowDetail = {
  flow: {
    id: string;
    botId: string;
    name: string;
    description: string | null;
    draft: unknown;
    draftRevision: number;
    publishedVersion: number | null;
    publishedAt: string | null;
    status: TFlowStatus;
  };
  issues: TFlowIssue[];
  /** The bot's other flows (for go-to-flow). */
  flows: TFlowChoice[];
};

export type TFlowStats = { days: number; nodes: Record<string, number> };

export type TSaveAnswer = { draftRevision: number; issues: TFlowIssue[] };
export type TPublishAnswer = { version: number; publishedAt: string; issues: TFlowIssue[] };

/** An issue as the editor lists it: found here while editing, or reported by the server. */
export type TEditorIssue = TFlowIssue & { source: "editor" | "server" };

/** Issues out of a 400's details: TFlowIssue[] (publish) or {path, nodeId, message}[] (save). */
export function issuesFromDetails(details: unknown): TFlowIssue[] {
  const list = (details as { issues?: unknown } | null | undefined)?.issues;
  if (!Array.isArray(list)) return [];
  return list.flatMap((raw: unknown) => {
    if (!raw || typeof raw !== "object") return [];
    const i = raw as { nodeId?: unknown; severity?: unknown; message?: unknown };
    if (typeof i.message !== "string") return [];
    return [{ nodeId: typeof i.nodeId === "string" ? i.nodeId : null, severity: i.severity === "warning" ? "warning" : "error", message: i.message }];
  });
}
