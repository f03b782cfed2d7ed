"use client";
// What every node frame on the canvas reads: its issues, its 7-day count, the bot's flows.
import { createContext, useContext } from "react";
import type { TEditorIssue } from "./api-types";

export type TCanvasContext = {
  issuesByNode: ReadonlyMap<string, TEditorIssue[]>;
  /** Users who reached each node in the last 7 days; null while loading or unavailable. */
  stats: Readonly<Record<string, number>> | null;
  flows: ReadonlyMap<string, { name: string; published: boolean }>;
};

const EMPTY: TCanvasContext = { issuesByNode: new Map(), stats: null, flows: new Map() };

export const CanvasContext = createContext<TCanvasContext>(EMPTY);

export const useCanvasContext = () => useContext(CanvasContext);
