"use client";
// The right-hand panel: the selected node's form, a selection summary, one connection,
// or — with nothing selected — the flow's name, description and how to use the editor.
import { useId } from "react";
import { Button } from "../ui/button";
import { Field, Input } from "../ui/input";
import type { TEditorIssue } from "./api-types";
import type { TEditorEdge, TEditorNode, TFieldErrors } from "./graph";
import { ATTRIBUTES_LIST, TAGS_LIST, type TEditorOptions } from "./node-form";
import { IssueList, NodeInspector, nodeTitle } from "./node-inspector";

type TProps = {
  nodes: readonly TEditorNode[];
  edges: readonly TEditorEdge[];
  issuesByNode: ReadonlyMap<string, TEditorIssue[]>;
  flowIssues: readonly TEditorIssue[];
  fieldErrorsByNode: ReadonlyMap<string, TFieldErrors>;
  options: TEditorOptions;
  stats: Readonly<Record<string, number>> | null;
  name: string;
  nameError: string | null;
  description: string;
  onName: (v: string) => void;
  onDescription: (v: string) => void;
  onChangeData: (id: string, data: Record<string, unknown>) => void;
  onConnect: (source: string, output: string, target: string | null) => void;
  onDuplicate: (id: string) => void;
  onDelete: (nodeIds: string[], edgeIds: string[]) => void;
};

const SHORTCUTS: [string, string][] = [
  ["Delete / Backspace", "delete the selection"],
  ["Shift + drag", "select several"],
  ["Ctrl/⌘ + click", "add to the selection"],
  ["Ctrl/⌘ + Z", "undo"],
  ["Ctrl/⌘ + Shift + Z, Ctrl + Y", "redo"],
  ["Ctrl/⌘ + S", "save now"],
];

function FlowSettings({ name, nameError, description, onName, onDescription, flowIssues }: Pick<TProps, "name" | "nameError" | "description" | "onName" | "onDescription" | "flowIssues">) {
  const nameId = useId();
  const descriptionId = useId();
  return (
    <div className="space-y-4">
      <h2 className="text-base font-semibold text-slate-900">Flow</h2>
      <Field label="Name" htmlFor={nameId} error={nameError}>
        <Input id={nameId} className="h-9" value={name} maxLength={80} onChange={(e) => onName(e.target.value)} />
      </Field>
      <Field label="Description (optional)" htmlFor={descriptionId}>
        <Input id={descriptionId} className="h-9" value={description} maxLength={500} onChange={(e) => onDescription(e.target.value)} />
      </Field>
      <IssueList issues={flowIssues} />
      <p className="text-sm text-slate-600">Select a step to edit it. Connect a step by dragging from an output’s dot to another step, or choose where it leads under “Then”.</p>
      <section aria-labelledby="shortcuts" className="rounded-md bg-slate-50 p-3">
        <h3 id="shortcuts" className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Keyboard</h3>
        <ul className="space-y-1 text-xs text-slate-600">
          {SHORTCUTS.map(([k, v]) => (
            <li key={k}>
              <kbd className="rounded border border-slate-200 bg-white px-1 font-mono text-[11px] text-slate-800">{k}</kbd> {v}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

/** Docked at xl and wider; below, an overlay over the canvas's right side that can be closed. */
export function SidePanel(props: TProps & { overlay?: boolean; onClose?: () => void }) {
  const { nodes, edges } = props;
  const selectedNodes = nodes.filter((n) => n.selected);
  const selectedEdges = edges.filter((e) => e.selected);
  const only = selectedNodes.length === 1 && selectedEdges.length === 0 ? selectedNodes[0] : undefined;
  const byId = new Map(nodes.map((n) => [n.id, n]));

  let content;
  if (only) {
    content = (
      <NodeInspector
        key={only.id}
        node={only}
        nodes={nodes}
        edges={edges}
        issues={props.issuesByNode.get(only.id) ?? []}
        fieldErrors={props.fieldErrorsByNode.get(only.id)}
        options={props.options}
        reached={props.stats?.[only.id]}
        onChange={(data) => props.onChangeData(only.id, data)}
        onConnect={(output, target) => props.onConnect(only.id, output, target)}
        onDuplicate={() => props.onDuplicate(only.id)}
        onDelete={() => props.onDelete([only.id], [])}
      />
    );
  } else if (selectedNodes.length === 0 && selectedEdges.length === 1) {
    const e = selectedEdges[0]!;
    const from = byId.get(e.source);
    const to = byId.get(e.target);
    content = (
      <div className="space-y-3">
        <h2 className="text-base font-semibold text-slate-900">Connection</h2>
        <p className="text-sm text-slate-700">
          From <strong>{from ? nodeTitle(from) : e.source}</strong> (output “{e.sourceHandle}”) to <strong>{to ? nodeTitle(to) : e.target}</strong>.
        </p>
        <Button variant="danger" size="sm" onClick={() => props.onDelete([], [e.id])}>Delete connection</Button>
      </div>
    );
  } else if (selectedNodes.length + selectedEdges.length > 0) {
    content = (
      <div className="space-y-3">
        <h2 className="text-base font-semibold text-slate-900">
          {selectedNodes.length} steps{selectedEdges.length > 0 ? `, ${selectedEdges.length} connections` : ""} selected
        </h2>
        <p className="text-sm text-slate-600">Drag to move them together, or delete them.</p>
        <Button variant="danger" size="sm" onClick={() => props.onDelete(selectedNodes.map((n) => n.id), selectedEdges.map((x) => x.id))}>Delete selection</Button>
      </div>
    );
  } else {
    content = <FlowSettings {...props} />;
  }

  return (
    <aside
      className={props.overlay ? "absolute inset-y-0 right-0 z-20 w-80 max-w-[85%] overflow-y-auto border-l border-slate-200 bg-white p-4 shadow-xl" : "w-72 shrink-0 overflow-y-auto border-l border-slate-200 bg-white p-4 2xl:w-80"}
      aria-label="Inspector"
      data-testid="inspector"
      data-overlay={props.overlay ? "true" : undefined}
    >
      {props.overlay && props.onClose && (
        <button type="button" className="float-right -mt-1 ml-2 rounded px-1.5 text-lg leading-none text-slate-400 hover:bg-slate-100 hover:text-slate-700" aria-label="Close the inspector" onClick={props.onClose}>
          ×
        </button>
      )}
      {content}
      <datalist id={TAGS_LIST}>
        {props.options.tags.map((t) => <option key={t} value={t} />)}
      </datalist>
      <datalist id={ATTRIBUTES_LIST}>
        {props.options.attributes.map((a) => <option key={a} value={a} />)}
      </datalist>
    </aside>
  );
}
