"use client";
// The React Flow canvas: nodes drawn by the frame, connections from an output to an input
// (a dropped connection on a node's body connects to its input too), drop from the palette,
// box and ctrl-click selection, Delete/Backspace, minimap, zoom controls.
import { forwardRef, useCallback, useEffect, useRef } from "react";
import { Background, Controls, MarkerType, MiniMap, ReactFlow, useNodesInitialized, useReactFlow, type Connection, type Edge, type FinalConnectionState } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { NODE_DEFINITIONS, nodeDefinition, type TNodeType } from "@/lib/flows/nodes";
import { CanvasContext, type TCanvasContext } from "./canvas-context";
import { categoryLook } from "./categories";
import { NODE_WIDTH, freeSpot, type TEditorEdge, type TEditorNode } from "./graph";
import { NODE_TYPES } from "./node-frame";
import { DRAG_TYPE } from "./node-palette";
import type { TFlowGraph } from "./use-flow-graph";

const isNodeType = (t: string): t is TNodeType => NODE_DEFINITIONS.some((d) => d.type === t);

const EDGE_OPTIONS = { markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 }, style: { strokeWidth: 2 } };
const DELETE_KEYS = ["Delete", "Backspace"];
const MULTI_KEYS = ["Meta", "Control"];

export const FlowCanvas = forwardRef<HTMLDivElement, { graph: TFlowGraph; context: TCanvasContext }>(function FlowCanvas({ graph, context }, ref) {
  const rf = useReactFlow<TEditorNode, TEditorEdge>();
  const { canConnect, connect } = graph;

  // Fit the whole flow once every node has its size (the first layout may come later than mount).
  const initialized = useNodesInitialized();
  const fitted = useRef(false);
  useEffect(() => {
    if (!initialized || fitted.current) return;
    fitted.current = true;
    void rf.fitView({ padding: 0.2, maxZoom: 1 });
  }, [initialized, rf]);

  const onConnect = useCallback((c: Connection) => {
    if (c.sourceHandle && canConnect(c.source, c.target)) connect(c.source, c.sourceHandle, c.target);
  }, [canConnect, connect]);

  const isValidConnection = useCallback((c: Connection | Edge) => canConnect(c.source, c.target), [canConnect]);

  // Letting go of a connection over a node's body (not exactly on its input) still connects.
  const onConnectEnd = useCallback((event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
    if (state.isValid || !state.fromHandle || state.fromHandle.type !== "source" || !state.fromHandle.id || !state.fromNode) return;
    const point = "changedTouches" in event ? event.changedTouches[0] : event;
    if (!point) return;
    const target = document.elementFromPoint(point.clientX, point.clientY)?.closest(".react-flow__node")?.getAttribute("data-id");
    if (target && canConnect(state.fromNode.id, target)) connect(state.fromNode.id, state.fromHandle.id, target);
  }, [canConnect, connect]);

  const onDragOver = useCallback((e: React.DragEvent) => {
    if (!e.dataTransfer.types.includes(DRAG_TYPE)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "move";
  }, []);

  const onDrop = useCallback((e: React.DragEvent) => {
    const type = e.dataTransfer.getData(DRAG_TYPE);
    if (!isNodeType(type)) return;
    e.preventDefault();
    const p = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    graph.addNode(type, freeSpot(graph.nodesRef.current, { x: p.x - NODE_WIDTH / 2, y: p.y - 20 }));
  }, [rf, graph]);

  return (
    <div ref={ref} className="relative min-h-0 flex-1" onDragOver={onDragOver} onDrop={onDrop} data-testid="flow-canvas">
      <CanvasContext.Provider value={context}>
        <ReactFlow<TEditorNode, TEditorEdge>
          nodes={graph.nodes}
          edges={graph.edges}
          nodeTypes={NODE_TYPES}
          onNodesChange={graph.onNodesChange}
          onEdgesChange={graph.onEdgesChange}
          onConnect={onConnect}
          onConnectEnd={onConnectEnd}
          isValidConnection={isValidConnection}
          defaultEdgeOptions={EDGE_OPTIONS}
          deleteKeyCode={DELETE_KEYS}
          multiSelectionKeyCode={MULTI_KEYS}
          selectionKeyCode="Shift"
          fitView
          fitViewOptions={{ maxZoom: 1, padding: 0.2 }}
          minZoom={0.15}
          maxZoom={2}
          ariaLabelConfig={{ "node.a11yDescription.default": "Press Enter or Space to select a step. Delete removes it. Arrow keys move it." }}
        >
          <Background gap={20} size={1} />
          <MiniMap pannable zoomable ariaLabel="Minimap of the flow" nodeColor={(n) => (isNodeType(n.type ?? "") ? categoryLook(nodeDefinition(n.type ?? "").category).minimap : "#94a3b8")} />
          <Controls showInteractive={false} />
        </ReactFlow>
      </CanvasContext.Provider>
      {graph.nodes.length === 0 && (
        <div className="pointer-events-none absolute inset-0 flex items-center justify-center p-6">
          <div className="max-w-sm rounded-lg border border-dashed border-slate-300 bg-white/90 p-6 text-center shadow-sm">
            <p className="text-2xl" aria-hidden>⇢</p>
            <p className="mt-2 font-medium text-slate-800">An empty flow</p>
            <p className="mt-1 text-sm text-slate-600">Start with a trigger — drag “Command” from the left (or click it) — then add the steps that follow and connect them.</p>
          </div>
        </div>
      )}
    </div>
  );
});
