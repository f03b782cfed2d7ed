"use client";
// The React Flow canvas: nodes drawn by the frame, connections from an output to an input
// (a dropped connection on a node's body connects to its input too), drop from the palette,
// box and ctrl-click selection, Delete/Backspace, minimap, zoom controls.
import { forwardRef, useCallback, useEffect, useRef, useState } from "react";
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
/** Below this zoom a node's text cannot be read: the first view stays at it or closer (pan to see the rest). */
export const READABLE_ZOOM = 0.7;
const FIT = { padding: 0.2, maxZoom: 1, minZoom: READABLE_ZOOM };
/** The minimap only where it leaves the canvas room. */
const MINIMAP_MIN = { width: 720, height: 480 };
const MULTI_KEYS = ["Meta", "Control"];

export const FlowCanvas = forwardRef<HTMLDivElement, { graph: TFlowGraph; context: TCanvasContext }>(function FlowCanvas({ graph, context }, ref) {
  const rf = useReactFlow<TEditorNode, TEditorEdge>();
  const { canConnect, connect } = graph;
  const [size, setSize] = useState({ width: 0, height: 0 });
  const observer = useRef<ResizeObserver | null>(null);
  const box = useCallback((el: HTMLDivElement | null) => {
    if (typeof ref === "function") ref(el);
    else if (ref) ref.current = el;
    observer.current?.disconnect();
    if (!el) return;
    observer.current = new ResizeObserver(([e]) => e && setSize({ width: Math.round(e.contentRect.width), height: Math.round(e.contentRect.height) }));
    observer.current.observe(el);
  }, [ref]);
  const showMinimap = size.width >= MINIMAP_MIN.width && size.height >= MINIMAP_MIN.height;

  // Fit the whole flow once every node has its size (the first layout may come later than mount).
  const initialized = useNodesInitialized();
  const fitted = useRef(false);
  useEffect(() => {
    if (!initialized || fitted.current || size.width === 0) return;
    fitted.current = true;
    // Readable first: when the whole flow only fits below READABLE_ZOOM, start at its triggers' side.
    void rf.fitView(FIT).then(() => {
      const ns = rf.getNodes();
      if (ns.length === 0 || rf.getZoom() > READABLE_ZOOM + 0.01) return;
      const left = Math.min(...ns.map((n) => n.position.x));
      const top = Math.min(...ns.map((n) => n.position.y));
      const bottom = Math.max(...ns.map((n) => n.position.y + (n.measured?.height ?? 0)));
      const y = Math.min((top + bottom) / 2, top + size.height / (2 * READABLE_ZOOM) - 24);
      void rf.setCenter(left + size.width / (2 * READABLE_ZOOM) - 24, y, { zoom: READABLE_ZOOM });
    });
  }, [initialized, rf, size]);

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
    <div ref={box} className="relative min-h-0 flex-1" onDragOver={onDragOver} onDrop={onDrop} data-testid="flow-canvas" data-minimap={showMinimap ? "shown" : "hidden"}>
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
          fitViewOptions={FIT}
          minZoom={0.15}
          maxZoom={2}
          ariaLabelConfig={{ "node.a11yDescription.default": "Press Enter or Space to select a step. Delete removes it. Arrow keys move it." }}
        >
          <Background gap={20} size={1} />
          {showMinimap && <MiniMap pannable zoomable ariaLabel="Minimap of the flow" nodeColor={(n) => (isNodeType(n.type ?? "") ? categoryLook(nodeDefinition(n.type ?? "").category).minimap : "#94a3b8")} />}
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
