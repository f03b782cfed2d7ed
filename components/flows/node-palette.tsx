"use client";
// The node types, grouped by category: drag one onto the canvas, or click it (or press
// Enter on it) to add it next to the selected node or in the middle of the view.
import { NODE_DEFINITIONS, type TNodeType } from "@/lib/flows/nodes";
import { CATEGORIES } from "./categories";

export const DRAG_TYPE = "application/x-tagflow-node";

/** `compact`: a rail of icons (names on hover and for screen readers), for narrow windows. */
export function NodePalette({ onAdd, compact = false, onToggle }: { onAdd: (type: TNodeType) => void; compact?: boolean; onToggle?: () => void }) {
  return (
    <nav aria-label="Add a step" className={`flex shrink-0 flex-col overflow-y-auto border-r border-slate-200 bg-white ${compact ? "w-12 items-center gap-2 px-1.5 py-2" : "w-48 gap-4 p-3 2xl:w-56"}`} data-testid="node-palette" data-compact={compact ? "true" : undefined}>
      {onToggle && (
        <button type="button" onClick={onToggle} className="self-end rounded px-1.5 text-sm text-slate-500 hover:bg-slate-100 hover:text-slate-800" aria-label={compact ? "Show step names" : "Show icons only"} title={compact ? "Show step names" : "Show icons only"} aria-expanded={!compact}>
          {compact ? "»" : "«"}
        </button>
      )}
      {!compact && <p className="text-xs text-slate-500">Drag a step onto the canvas, or click to add it after the selected step.</p>}
      {CATEGORIES.map((c) => (
        <section key={c.id} aria-labelledby={`palette-${c.id}`}>
          <h2 id={`palette-${c.id}`} className={compact ? "sr-only" : "mb-1 text-[11px] font-semibold uppercase tracking-wide text-slate-500"}>{c.title}</h2>
          <ul className="space-y-1">
            {NODE_DEFINITIONS.filter((d) => d.category === c.id).map((d) => (
              <li key={d.type}>
                <button
                  type="button"
                  draggable
                  data-testid={`palette-${d.type}`}
                  title={compact ? `${d.label}: ${d.description}` : d.description}
                  aria-label={`Add ${d.label}`}
                  onDragStart={(e) => {
                    e.dataTransfer.setData(DRAG_TYPE, d.type);
                    e.dataTransfer.effectAllowed = "move";
                  }}
                  onClick={() => onAdd(d.type)}
                  className={`flex w-full cursor-grab items-center gap-2 rounded-md border border-slate-200 bg-white text-left text-sm text-slate-800 hover:border-brand-500 hover:bg-brand-50 active:cursor-grabbing ${compact ? "justify-center p-1" : "px-2 py-1.5"}`}
                >
                  <span className={`flex size-6 shrink-0 items-center justify-center rounded text-xs ${c.header}`} aria-hidden>{d.icon}</span>
                  {!compact && <span className="truncate">{d.label}</span>}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </nav>
  );
}
