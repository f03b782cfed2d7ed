"use client";
// Undo/redo as a history of document snapshots. Every settled change of the document is
// one step, except that a run of edits to one node's form (typing) or of moves within a
// second makes a single step. Restoring a snapshot is not itself recorded.
import { useCallback, useEffect, useRef, useState, type RefObject } from "react";
import type { TFlowDocument } from "@/lib/flows/document";

const LIMIT = 100;
const COALESCE_MS = 1000;

type TEntry = { doc: TFlowDocument; key: string; shape: string; tag: string | null; at: number };

/** The document without positions: two snapshots with the same shape differ only by moves. */
const shapeOf = (doc: TFlowDocument) => JSON.stringify([doc.nodes.map((n) => [n.id, n.type, n.data]), doc.edges]);

export function useHistory({ doc, docKey, editTag, restore }: { doc: TFlowDocument; docKey: string; editTag: RefObject<string | null>; restore: (doc: TFlowDocument) => void }) {
  const past = useRef<TFlowDocument[]>([]);
  const future = useRef<TFlowDocument[]>([]);
  const current = useRef<TEntry | null>(null);
  const [, setVersion] = useState(0);
  const bump = () => setVersion((v) => v + 1);

  useEffect(() => {
    const now = Date.now();
    const cur = current.current;
    const shape = shapeOf(doc);
    if (!cur) {
      current.current = { doc, key: docKey, shape, tag: null, at: now };
      return;
    }
    if (cur.key === docKey) return;
    const tag = shape === cur.shape ? "move" : editTag.current;
    editTag.current = null;
    const coalesce = tag !== null && tag === cur.tag && now - cur.at < COALESCE_MS;
    if (!coalesce) {
      past.current.push(cur.doc);
      if (past.current.length > LIMIT) past.current.shift();
    }
    current.current = { doc, key: docKey, shape, tag, at: now };
    future.current = [];
    bump();
  }, [doc, docKey, editTag]);

  const go = useCallback(
    (from: RefObject<TFlowDocument[]>, to: RefObject<TFlowDocument[]>) => {
      const target = from.current.pop();
      const cur = current.current;
      if (!target || !cur) return;
      to.current.push(cur.doc);
      // The restored document is the current entry already, so the effect does not record it.
      current.current = { doc: target, key: JSON.stringify(target), shape: shapeOf(target), tag: null, at: 0 };
      restore(target);
      bump();
    },
    [restore],
  );

  const undo = useCallback(() => go(past, future), [go]);
  const redo = useCallback(() => go(future, past), [go]);
  return { undo, redo, canUndo: past.current.length > 0, canRedo: future.current.length > 0 };
}
