"use client";
// The node types, grouped by category: drag one onto the canvas, or click it (or press
// Enter on it) to add it next to the selected node or in the middle of the view.
import { NODE_DEFINITIONS, type TNodeType } from "@/lib/flows/nodes";
import { CATEGORIES } from "./categories";

export const DRAG_TYPE = "application/x-tagflow-node";

export function NodePalette({ onAdd }: { onAdd: (type: TNodeType) => void }) {
  return (
    <nav aria-label="Add a step" className="flex w-56 shrink-0 flex-col gap-4 overflow-y-auto border-r border-slate-200 bg-white p-3" data-testid="node-palette">
      <p className="text-xs text-slate-500">Drag a step onto the canvas, or click to add it after the selected step.</p>
      {CATEGORIES.map((c) => (
        <section key={c.id} aria-labelledby={`palette-${c.id}`}>
          <h2 id={`palette-${c.id}`} className="mb-1 text-[11px] font-semibold uppercase tracking-wide text-slate-500">{c.title}</h2>
          <ul className="space-y-1">
            {NODE_DEFINITIONS.filter((d) => d.category === c.id).map((d) => (
              <li key={d.type}>
                <button
                  type="button"
                  draggable
                  data-testid={`palette-${d.type}`}
                  title={d.description}
                  aria-label={`Add ${d.label}`}
                  onDragStart={(e) => {
                    e.dataTransfer.setData(DRAG_TYPE, d.type);
                    e.dataTransfer.effectAllowed = "move";
                  }}
                  onClick={() => onAdd(d.type)}
                  className="flex w-full cursor-grab items-center gap-2 rounded-md border border-slate-200 bg-white px-2 py-1.5 text-left text-sm text-slate-800 hover:border-brand-500 hover:bg-brand-50 active:cursor-grabbing"
                >
                  <span className={`flex size-6 shrink-0 items-center justify-center rounded text-xs ${c.header}`} aria-hidden>{d.icon}</span>
                  <span className="truncate">{d.label}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </nav>
  );
}
