"use client";
// The editor's graph state (React Flow nodes and edges) and every edit made to it. The
// flow document is derived from it; undo restores a document into it.
import { useCallback, useRef, useState } from "react";
import { applyEdgeChanges, applyNodeChanges, type EdgeChange, type NodeChange } from "@xyflow/react";
import { nodeDefinition, TRIGGER_TYPES, type TNodeType } from "@/lib/flows/nodes";
import type { TFlowDocument } from "@/lib/flows/document";
import { edgesFromDocument, nextEdgeId, nextNodeId, nodeAriaLabel, nodesFromDocument, safeOutputs, TARGET_HANDLE, type TEditorEdge, type TEditorNode } from "./graph";

export function useFlowGraph(initial: TFlowDocument) {
  const [nodes, setNodes] = useState<TEditorNode[]>(() => nodesFromDocument(initial));
  const [edges, setEdges] = useState<TEditorEdge[]>(() => edgesFromDocument(initial));
  const nodesRef = useRef(nodes);
  nodesRef.current = nodes;
  /** Set by a form edit, read by the history: keystrokes in one node's form make one undo step. */
  const editTag = useRef<string | null>(null);

  const onNodesChange = useCallback((changes: NodeChange<TEditorNode>[]) => setNodes((ns) => applyNodeChanges(changes, ns)), []);
  const onEdgesChange = useCallback((changes: EdgeChange<TEditorEdge>[]) => setEdges((es) => applyEdgeChanges(changes, es)), []);

  const canConnect = useCallback((source: string | null | undefined, target: string | null | undefined) => {
    if (!source || !target || source === target) return false;
    const t = nodesRef.current.find((n) => n.id === target);
    return !!t && !TRIGGER_TYPES.has(t.type) && nodesRef.current.some((n) => n.id === source);
  }, []);

  /** Connects an output to a node (replacing the output's edge), or disconnects it (target null). */
  const connect = useCallback((source: string, sourceHandle: string, target: string | null) => {
    setEdges((es) => {
      const rest = es.filter((e) => !(e.source === source && e.sourceHandle === sourceHandle));
      return target ? [...rest, { id: nextEdgeId(es), source, sourceHandle, target, targetHandle: TARGET_HANDLE }] : rest;
    });
  }, []);

  /** Adds a node of `type` at `position`, selected alone; returns its id. */
  const addNode = useCallback((type: TNodeType, position: { x: number; y: number }, data?: Record<string, unknown>) => {
    const id = nextNodeId(nodesRef.current);
    const node: TEditorNode = { id, type, position, data: data ?? (nodeDefinition(type).defaults() as Record<string, unknown>), ariaLabel: nodeAriaLabel(id, type), selected: true };
    setNodes((ns) => [...ns.map((n) => (n.selected ? { ...n, selected: false } : n)), node]);
    setEdges((es) => (es.some((e) => e.selected) ? es.map((e) => (e.selected ? { ...e, selected: false } : e)) : es));
    return id;
  }, []);

  /** Replaces a node's data; edges from outputs that no longer exist (a removed button) go too. */
  const updateData = useCallback((id: string, data: Record<string, unknown>) => {
    const node = nodesRef.current.find((n) => n.id === id);
    if (!node) return;
    editTag.current = `data:${id}`;
    setNodes((ns) => ns.map((n) => (n.id === id ? { ...n, data } : n)));
    const outputs = safeOutputs(node.type, data);
    if (outputs) {
      const ids = new Set(outputs.map((o) => o.id));
      setEdges((es) => (es.some((e) => e.source === id && !ids.has(e.sourceHandle ?? "")) ? es.filter((e) => e.source !== id || ids.has(e.sourceHandle ?? "")) : es));
    }
  }, []);

  /** Selects one node (or none), deselecting everything else. */
  const selectOnly = useCallback((id: string | null) => {
    setNodes((ns) => ns.map((n) => (!!n.selected !== (n.id === id) ? { ...n, selected: n.id === id } : n)));
    setEdges((es) => (es.some((e) => e.selected) ? es.map((e) => (e.selected ? { ...e, selected: false } : e)) : es));
  }, []);

  const restore = useCallback((doc: TFlowDocument) => {
    setNodes((prev) => nodesFromDocument(doc, prev));
    setEdges((prev) => edgesFromDocument(doc, prev));
  }, []);

  return { nodes, edges, nodesRef, editTag, onNodesChange, onEdgesChange, canConnect, connect, addNode, updateData, selectOnly, restore };
}

export type TFlowGraph = ReturnType<typeof useFlowGraph>;
