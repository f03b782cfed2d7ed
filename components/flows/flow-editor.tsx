"use client";
// Loads a flow and opens the editor on it (inside React Flow's provider).
import { useCallback, useEffect, useState } from "react";
import Link from "next/link";
import { ReactFlowProvider } from "@xyflow/react";
import { EMPTY_DOCUMENT, migrateFlowDocument, ZFlowDocument, type TFlowDocument } from "@/lib/flows/document";
import { NODE_DEFINITIONS } from "@/lib/flows/nodes";
import { Button } from "../ui/button";
import { EmptyState } from "../ui/card";
import { ApiError, fetchJson } from "../ui/fetch-json";
import type { TFlowDetail } from "./api-types";
import { FlowWorkspace } from "./flow-workspace";

/**
 * The stored draft as the editor holds it: parsed (defaults filled in) when valid; otherwise
 * every node of a known type is kept with its data over the type's defaults, so it can be fixed.
 */
function editorDocument(raw: unknown): TFlowDocument {
  const migrated = migrateFlowDocument(raw);
  const parsed = ZFlowDocument.safeParse(migrated);
  if (parsed.success) return parsed.data as TFlowDocument;
  const m = (migrated ?? {}) as { nodes?: unknown; edges?: unknown };
  const nodes = (Array.isArray(m.nodes) ? m.nodes : []).flatMap((n: { id?: unknown; type?: unknown; position?: { x?: unknown; y?: unknown }; data?: unknown }) => {
    const def = NODE_DEFINITIONS.find((d) => d.type === n?.type);
    if (!def || typeof n.id !== "string") return [];
    const x = typeof n.position?.x === "number" ? n.position.x : 0;
    const y = typeof n.position?.y === "number" ? n.position.y : 0;
    return [{ id: n.id, type: def.type, position: { x, y }, data: { ...def.defaults(), ...(n.data && typeof n.data === "object" ? n.data : {}) } }];
  });
  const ids = new Set(nodes.map((n) => n.id));
  const edges = (Array.isArray(m.edges) ? m.edges : []).flatMap((e: { id?: unknown; source?: unknown; sourceHandle?: unknown; target?: unknown }) =>
    typeof e?.id === "string" && typeof e.source === "string" && typeof e.target === "string" && ids.has(e.source) && ids.has(e.target)
      ? [{ id: e.id, source: e.source, sourceHandle: typeof e.sourceHandle === "string" ? e.sourceHandle : "next", target: e.target }]
      : [],
  );
  return { ...EMPTY_DOCUMENT, nodes, edges };
}

type TLoad = { kind: "loading" } | { kind: "failed"; message: string; notFound: boolean } | { kind: "ready"; detail: TFlowDetail; doc: TFlowDocument };

export function FlowEditor({ flowId }: { flowId: string }) {
  const [load, setLoad] = useState<TLoad>({ kind: "loading" });

  const fetchFlow = useCallback(() => {
    setLoad({ kind: "loading" });
    fetchJson<TFlowDetail>(`/api/flows/${encodeURIComponent(flowId)}`)
      .then((detail) => setLoad({ kind: "ready", detail, doc: editorDocument(detail.flow.draft) }))
      .catch((e: unknown) => setLoad({ kind: "failed", message: e instanceof Error ? e.message : "The flow could not be loaded.", notFound: e instanceof ApiError && e.status === 404 }));
  }, [flowId]);

  useEffect(fetchFlow, [fetchFlow]);

  if (load.kind === "loading") {
    return (
      <div className="flex h-[60vh] items-center justify-center gap-3 text-sm text-slate-500" role="status">
        <span className="size-4 animate-spin rounded-full border-2 border-brand-600 border-t-transparent" aria-hidden />
        Loading the flow…
      </div>
    );
  }
  if (load.kind === "failed") {
    return (
      <EmptyState
        icon={load.notFound ? "∅" : "⚠"}
        title={load.notFound ? "This flow does not exist" : "The flow could not be loaded"}
        action={
          <div className="flex gap-3">
            {!load.notFound && <Button onClick={fetchFlow}>Try again</Button>}
            <Link href="/flows" className="inline-flex h-10 items-center rounded-md px-4 text-sm text-brand-700 ring-1 ring-slate-300 hover:bg-slate-50">All flows</Link>
          </div>
        }
      >
        <p>{load.notFound ? "It may have been deleted." : load.message}</p>
      </EmptyState>
    );
  }
  return (
    <ReactFlowProvider>
      <FlowWorkspace detail={load.detail} initialDoc={load.doc} />
    </ReactFlowProvider>
  );
}
