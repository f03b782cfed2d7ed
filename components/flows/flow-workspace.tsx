"use client";
// The flow editor once loaded: palette, canvas, inspector, problems; history, autosave,
// live validation and publishing are hooks of their own.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useReactFlow } from "@xyflow/react";
import { toast } from "sonner";
import { nodeDefinition, TRIGGER_TYPES, type TNodeType } from "@/lib/flows/nodes";
import type { TFlowDocument, TFlowIssue } from "@/lib/flows/document";
import { Button } from "../ui/button";
import type { TFlowDetail } from "./api-types";
import { EditorToolbar } from "./editor-toolbar";
import { FlowCanvas } from "./flow-canvas";
import { checkableData, freeSpot, NODE_HEIGHT, NODE_WIDTH, safeOutputs, toDocument, type TEditorEdge, type TEditorNode } from "./graph";
import { IssuesPanel } from "./issues-panel";
import { NodePalette } from "./node-palette";
import { PublishDialog, UnpublishDialog } from "./publish-dialog";
import { SidePanel } from "./side-panel";
import { useAutosave } from "./use-autosave";
import { useAutocomplete, useFlowStats } from "./use-editor-data";
import { useFlowGraph } from "./use-flow-graph";
import { serverOnlyIssues, useFlowIssues } from "./use-flow-issues";
import { useHistory } from "./use-history";
import { usePublishing } from "./use-publishing";

/** The editor docks the palette and inspector from Tailwind's xl (1280 px); below, they make room for the canvas. */
function useWide(query = "(min-width: 1280px)") {
  const [wide, setWide] = useState(true);
  useEffect(() => {
    const m = window.matchMedia(query);
    setWide(m.matches);
    const on = () => setWide(m.matches);
    m.addEventListener("change", on);
    return () => m.removeEventListener("change", on);
  }, [query]);
  return wide;
}

const isTyping = (t: EventTarget | null) => t instanceof HTMLElement && !!t.closest("input, textarea, select, [contenteditable='true']");

export function FlowWorkspace({ detail, initialDoc }: { detail: TFlowDetail; initialDoc: TFlowDocument }) {
  const { flow } = detail;
  const rf = useReactFlow<TEditorNode, TEditorEdge>();
  const canvasRef = useRef<HTMLDivElement>(null);
  const graph = useFlowGraph(initialDoc);
  const { nodes, edges } = graph;
  const [name, setName] = useState(flow.name);
  const [description, setDescription] = useState(flow.description ?? "");
  const flows = useMemo(() => new Map(detail.flows.map((f) => [f.id, { name: f.name, published: f.published }])), [detail.flows]);
  const [serverIssues, setServerIssues] = useState<TFlowIssue[]>(() => serverOnlyIssues(detail.issues, initialDoc, flows));
  const [issuesOpen, setIssuesOpen] = useState(false);
  const wide = useWide();
  const [paletteChoice, setPaletteChoice] = useState<boolean | null>(null);
  const paletteCompact = paletteChoice ?? !wide;
  const [settingsOpen, setSettingsOpen] = useState(false);
  const stats = useFlowStats(flow.id);
  const autocomplete = useAutocomplete(flow.botId);
  const options = useMemo(() => ({ ...autocomplete, flows: detail.flows }), [autocomplete, detail.flows]);

  // The document as saved and undone: positions settle when a drag ends.
  const dragging = nodes.some((n) => n.dragging);
  const doc = useMemo(() => toDocument(nodes, edges), [nodes, edges]);
  const docKey = useMemo(() => (dragging ? null : JSON.stringify(doc)), [doc, dragging]);
  const settled = useRef({ doc, key: docKey ?? JSON.stringify(doc) });
  if (docKey !== null && settled.current.key !== docKey) settled.current = { doc, key: docKey };

  const issues = useFlowIssues(nodes, edges, flows, serverIssues);
  const { doc: settledDoc, key: settledKey } = settled.current;
  const [takenName, setTakenName] = useState<{ name: string; message: string } | null>(null);
  const cleanName = name.trim();
  const sendName = cleanName !== "" && cleanName !== takenName?.name ? cleanName : undefined;
  const payload = useMemo(() => ({ draft: settledDoc, name: sendName, description: description.trim() }), [settledDoc, sendName, description]);
  const payloadKey = useMemo(() => JSON.stringify([settledKey, payload.name ?? null, payload.description]), [settledKey, payload]);
  const history = useHistory({ doc: settledDoc, docKey: settledKey, editTag: graph.editTag, restore: graph.restore });
  const publishing = usePublishing({
    flowId: flow.id,
    initial: { status: flow.status, publishedVersion: flow.publishedVersion },
    save: () => autosave.save(),
    onIssues: (list, refused) => {
      setServerIssues(serverOnlyIssues(list, settled.current.doc, flows));
      if (refused) setIssuesOpen(true);
    },
  });
  const autosave = useAutosave({
    flowId: flow.id,
    payload,
    payloadKey,
    valid: issues.documentValid,
    initialRevision: flow.draftRevision,
    initialName: flow.name,
    onSaved: (list, draft) => {
      setServerIssues(serverOnlyIssues(list, draft, flows));
      publishing.markChanged();
    },
    onRejected: (list) => setServerIssues(list),
    onNameTaken: (taken, message) => {
      setTakenName({ name: taken, message });
      toast.error(message);
    },
    onRestore: (kept) => {
      graph.restore(kept.draft);
      if (kept.name !== undefined) setName(kept.name);
      setDescription(kept.description);
      toast.info("Restored your unsaved changes from this browser: fix the fields marked in red to save them.");
    },
  });

  const { undo, redo } = history;
  const { save } = autosave;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey)) return;
      const key = e.key.toLowerCase();
      if (key === "s") {
        e.preventDefault();
        void save();
      } else if (!isTyping(e.target) && (key === "z" || key === "y")) {
        e.preventDefault();
        if (key === "y" || e.shiftKey) redo();
        else undo();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [undo, redo, save]);

  const centerOn = useCallback((id: string) => {
    const n = rf.getNode(id);
    if (n) void rf.setCenter(n.position.x + (n.measured?.width ?? NODE_WIDTH) / 2, n.position.y + (n.measured?.height ?? NODE_HEIGHT) / 2, { zoom: Math.max(rf.getZoom(), 0.9), duration: 300 });
  }, [rf]);

  /** Click on the palette: after the selected step (connected from its first free output), else in the middle of the view. */
  const edgesRef = useRef(edges);
  edgesRef.current = edges;
  const addByClick = useCallback((type: TNodeType) => {
    const selected = graph.nodesRef.current.filter((n) => n.selected);
    let at: { x: number; y: number };
    let from: { id: string; output: string } | null = null;
    if (selected.length === 1) {
      const s = selected[0]!;
      const outputs = safeOutputs(s.type, s.data) ?? [];
      const used = new Set(edgesRef.current.filter((e) => e.source === s.id).map((e) => e.sourceHandle));
      const free = outputs.findIndex((o) => !used.has(o.id));
      if (free >= 0 && !TRIGGER_TYPES.has(type)) from = { id: s.id, output: outputs[free]!.id };
      at = { x: s.position.x + (s.measured?.width ?? NODE_WIDTH) + 80, y: s.position.y + Math.max(0, free) * 60 };
    } else {
      const r = canvasRef.current?.getBoundingClientRect();
      const c = r ? rf.screenToFlowPosition({ x: r.left + r.width / 2, y: r.top + r.height / 2 }) : { x: 0, y: 0 };
      at = { x: c.x - NODE_WIDTH / 2, y: c.y - NODE_HEIGHT / 2 };
    }
    const spot = freeSpot(graph.nodesRef.current, at);
    const id = graph.addNode(type, spot);
    if (from) graph.connect(from.id, from.output, id);
    // Keep the new step in view.
    const r = canvasRef.current?.getBoundingClientRect();
    const topLeft = rf.flowToScreenPosition(spot);
    const bottomRight = rf.flowToScreenPosition({ x: spot.x + NODE_WIDTH, y: spot.y + NODE_HEIGHT });
    if (r && (topLeft.x < r.left || topLeft.y < r.top || bottomRight.x > r.right || bottomRight.y > r.bottom)) {
      void rf.setCenter(spot.x + NODE_WIDTH / 2, spot.y + NODE_HEIGHT / 2, { zoom: rf.getZoom(), duration: 200 });
    }
  }, [graph, rf]);

  const duplicate = useCallback((id: string) => {
    const n = graph.nodesRef.current.find((x) => x.id === id);
    if (n) graph.addNode(n.type, freeSpot(graph.nodesRef.current, { x: n.position.x + 40, y: n.position.y + 40 }), structuredClone(n.data));
  }, [graph]);

  const remove = useCallback((nodeIds: string[], edgeIds: string[]) => {
    void rf.deleteElements({ nodes: nodeIds.map((id) => ({ id })), edges: edgeIds.map((id) => ({ id })) });
  }, [rf]);

  const pickIssue = useCallback((id: string) => {
    graph.selectOnly(id);
    centerOn(id);
  }, [graph, centerOn]);

  const selectionCount = nodes.filter((n) => n.selected).length + edges.filter((e) => e.selected).length;
  const inspectorShown = selectionCount > 0 || settingsOpen;

  const canvasContext = useMemo(() => ({ issuesByNode: issues.byNode, stats, flows }), [issues.byNode, stats, flows]);
  const triggers = nodes
    .filter((n) => TRIGGER_TYPES.has(n.type))
    .map((n) => {
      const def = nodeDefinition(n.type);
      try {
        return `${def.label}: ${def.summary(checkableData(n.type, n.data) as never)}`;
      } catch {
        return def.label;
      }
    });

  return (
    <div className="-mx-8 -my-6 flex h-screen min-h-0 flex-col">
      <EditorToolbar
        name={name}
        status={publishing.status}
        publishedVersion={publishing.publishedVersion}
        save={{ status: autosave.status, message: autosave.message, retry: () => void autosave.save() }}
        canUndo={history.canUndo}
        canRedo={history.canRedo}
        onUndo={undo}
        onRedo={redo}
        onFit={() => void rf.fitView({ padding: 0.2, maxZoom: 1, duration: 300 })}
        errorCount={issues.errorCount}
        warningCount={issues.warningCount}
        localErrorCount={issues.localErrorCount}
        issuesOpen={issuesOpen}
        onToggleIssues={() => setIssuesOpen((o) => !o)}
        busy={publishing.busy}
        onPublish={() => void publishing.askToPublish()}
        onUnpublish={() => publishing.setDialog("unpublish")}
      />
      {autosave.status === "conflict" && (
        <div role="alert" className="flex items-center gap-3 border-b border-red-200 bg-red-50 px-4 py-2 text-sm text-red-800">
          <span>
            This flow was saved elsewhere (another tab or another person) since you opened it, so your latest edits here are <strong>not saved</strong>. Reload to continue from the saved version.
            {autosave.message ? ` (${autosave.message})` : ""}
          </span>
          <Button size="sm" variant="danger" className="ml-auto shrink-0" onClick={() => window.location.reload()}>Reload</Button>
        </div>
      )}
      <div className="relative flex min-h-0 flex-1">
        <NodePalette onAdd={addByClick} compact={paletteCompact} onToggle={() => setPaletteChoice(!paletteCompact)} />
        <div className="relative flex min-w-0 flex-1 flex-col">
          <FlowCanvas ref={canvasRef} graph={graph} context={canvasContext} />
          {issuesOpen && <IssuesPanel issues={issues.all} nodes={nodes} onPick={pickIssue} onClose={() => setIssuesOpen(false)} />}
          {!wide && !inspectorShown && (
            <button type="button" className="absolute right-3 top-3 z-10 rounded-md border border-slate-200 bg-white px-2.5 py-1 text-sm text-slate-700 shadow-sm hover:bg-slate-50" onClick={() => setSettingsOpen(true)} data-testid="open-inspector">
              ⚙ Flow settings
            </button>
          )}
        </div>
        {(wide || inspectorShown) && <SidePanel
          overlay={!wide}
          onClose={() => {
            setSettingsOpen(false);
            graph.selectOnly(null);
          }}
          nodes={nodes}
          edges={edges}
          issuesByNode={issues.byNode}
          flowIssues={issues.all.filter((i) => i.nodeId === null)}
          fieldErrorsByNode={issues.fieldErrorsByNode}
          options={options}
          stats={stats}
          name={name}
          nameError={cleanName === "" ? "Give the flow a name (it is saved once it has one)." : cleanName === takenName?.name ? takenName.message : null}
          description={description}
          onName={setName}
          onDescription={setDescription}
          onChangeData={graph.updateData}
          onConnect={graph.connect}
          onDuplicate={duplicate}
          onDelete={remove}
        />}
      </div>
      <PublishDialog
        open={publishing.dialog === "publish"}
        status={publishing.status}
        publishedVersion={publishing.publishedVersion}
        triggers={triggers}
        stepCount={nodes.length}
        issues={issues.all}
        busy={publishing.busy}
        onConfirm={() => void publishing.publish()}
        onCancel={() => publishing.setDialog(null)}
      />
      <UnpublishDialog open={publishing.dialog === "unpublish"} busy={publishing.busy} onConfirm={() => void publishing.unpublish()} onCancel={() => publishing.setDialog(null)} />
    </div>
  );
}
