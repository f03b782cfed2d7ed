"use client";
// A group of the rule tree: AND / OR, NOT, add / remove / convert, nested to any depth.
import type { TConditionRule, TGroupRule, TRuleNode } from "@/lib/segments/rules";
import { MAX_DEPTH } from "@/lib/segments/rules";
import type { TRuleOptions } from "@/lib/segments/list-rule-options";
import { cn } from "../ui/cn";
import { ConditionEditor } from "./condition-editor";
import { CONDITION_LABELS, newCondition, newGroup, type TConditionType } from "./rule-defaults";

/** A problem the server found at a path of the tree; `soft` for a condition not filled in yet (a hint, not an error). */
export type TIssue = { path: string; message: string; soft?: boolean };

function issuesAt(issues: TIssue[], path: string, exact: boolean): TIssue[] {
  return issues.filter((i) => (exact ? i.path === path : i.path === path || i.path.startsWith(`${path}.`)));
}

function Issues({ list }: { list: TIssue[] }) {
  // One message per field: the first problem found is the one to fix.
  const shown = list.filter((i, n) => list.findIndex((j) => j.path === i.path) === n);
  if (shown.length === 0) return null;
  const soft = shown.every((i) => i.soft);
  return (
    <ul className={cn("mt-1 space-y-0.5 text-xs", soft ? "text-slate-500" : "text-red-600")} role={soft ? "status" : "alert"}>
      {shown.map((i) => (
        <li key={i.path + i.message}>{soft ? `To count: ${i.message}` : i.message}</li>
      ))}
    </ul>
  );
}

/** Moving a group's conditions into its parent keeps their meaning only without NOT and with the same AND / OR (or a single condition). */
function canUngroup(parent: TGroupRule, child: TGroupRule): boolean {
  return !child.not && (child.op === parent.op || child.children.length <= 1);
}

/** A select whose options are the condition types; choosing one calls onPick and resets it. */
function ConditionTypeSelect({ label, prompt, onPick }: { label: string; prompt: string; onPick: (t: TConditionType) => void }) {
  return (
    <select
      aria-label={label}
      className="h-8 rounded-md border border-dashed border-slate-300 bg-white px-2 text-sm text-slate-600 hover:border-brand-500"
      value=""
      onChange={(e) => {
        if (e.target.value) onPick(e.target.value as TConditionType);
      }}
    >
      <option value="">{prompt}</option>
      {(Object.keys(CONDITION_LABELS) as TConditionType[]).map((t) => (
        <option key={t} value={t}>
          {CONDITION_LABELS[t]}
        </option>
      ))}
    </select>
  );
}

function AddMenu({ onAdd, onAddGroup, canGroup, groupWord }: { onAdd: (t: TConditionType) => void; onAddGroup: (t: TConditionType) => void; canGroup: boolean; groupWord: string }) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      <ConditionTypeSelect label="Add condition" prompt="+ Add condition…" onPick={onAdd} />
      {/* A group starts with its first condition: an empty ANY group would match nobody. */}
      {canGroup && <ConditionTypeSelect label="Add group" prompt={`+ Add ${groupWord} group with…`} onPick={onAddGroup} />}
    </div>
  );
}

export function RuleGroup({
  group,
  onChange,
  onRemove,
  onUngroup,
  options,
  issues,
  path = "rules",
  depth = 1,
  readOnly = false,
}: {
  group: TGroupRule;
  onChange: (g: TGroupRule) => void;
  onRemove?: () => void;
  onUngroup?: () => void;
  options: TRuleOptions;
  issues: TIssue[];
  path?: string;
  depth?: number;
  readOnly?: boolean;
}) {
  const setChild = (i: number, child: TRuleNode) => onChange({ ...group, children: group.children.map((c, j) => (j === i ? child : c)) });
  const removeChild = (i: number) => onChange({ ...group, children: group.children.filter((_, j) => j !== i) });
  const word = group.op === "and" ? "AND" : "OR";
  return (
    <fieldset
      disabled={readOnly}
      data-testid="rule-group"
      className={cn("space-y-2 rounded-lg border p-3", depth === 1 ? "border-slate-200 bg-white" : "border-brand-200 bg-brand-50/40", group.not && "border-red-300")}
    >
      <legend className="sr-only">Group of conditions</legend>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="text-slate-600">Users matching</span>
        <div className="inline-flex overflow-hidden rounded-md ring-1 ring-slate-300" role="group" aria-label="Combine with">
          {(["and", "or"] as const).map((op) => (
            <button
              key={op}
              type="button"
              aria-pressed={group.op === op}
              className={cn("px-2 py-1 text-xs font-semibold", group.op === op ? "bg-brand-600 text-white" : "bg-white text-slate-600 hover:bg-slate-50")}
              onClick={() => onChange({ ...group, op })}
            >
              {op === "and" ? "ALL (and)" : "ANY (or)"}
            </button>
          ))}
        </div>
        <span className="text-slate-600">of these</span>
        <label className="ml-2 inline-flex items-center gap-1 text-xs text-slate-600">
          <input type="checkbox" checked={group.not ?? false} onChange={(e) => onChange({ ...group, not: e.target.checked })} />
          NOT (exclude them)
        </label>
        <span className="ml-auto flex gap-2">
          {onUngroup && !readOnly && (
            <button type="button" className="text-xs text-slate-500 hover:text-brand-700" onClick={onUngroup} title="Move these conditions into the parent group">
              Ungroup
            </button>
          )}
          {onRemove && !readOnly && (
            <button type="button" className="text-xs text-slate-500 hover:text-red-600" onClick={onRemove} aria-label="Remove group">
              Remove group
            </button>
          )}
        </span>
      </div>
      <Issues list={issuesAt(issues, path, true)} />
      {group.children.length === 0 && (
        <p className="text-xs text-slate-500">
          {group.op === "and" ? "No conditions: every user of the bot matches." : "No conditions: an empty ANY group matches nobody."}
        </p>
      )}
      <ol className="space-y-2">
        {group.children.map((child, i) => {
          const childPath = `${path}.children[${i}]`;
          return (
            <li key={child.id ?? i} className="space-y-1">
              {i > 0 && <div className="text-xs font-semibold text-brand-700">{word}</div>}
              {child.type === "group" ? (
                <RuleGroup
                  group={child}
                  onChange={(g) => setChild(i, g)}
                  onRemove={() => removeChild(i)}
                  onUngroup={
                    canUngroup(group, child)
                      ? () => onChange({ ...group, children: [...group.children.slice(0, i), ...child.children, ...group.children.slice(i + 1)] })
                      : undefined
                  }
                  options={options}
                  issues={issues}
                  path={childPath}
                  depth={depth + 1}
                  readOnly={readOnly}
                />
              ) : (
                <div
                  data-testid="rule-condition"
                  className={cn("rounded-md border bg-white p-2", issuesAt(issues, childPath, false).some((x) => !x.soft) ? "border-red-300 ring-1 ring-red-200" : "border-slate-200")}
                >
                  <div className="flex flex-wrap items-center gap-2 text-sm">
                    <span className="font-medium text-slate-700">{CONDITION_LABELS[child.type]}</span>
                    <ConditionEditor node={child} onChange={(n: TConditionRule) => setChild(i, n)} options={options} />
                    {!readOnly && (
                      <span className="ml-auto flex gap-2">
                        {depth < MAX_DEPTH && (
                          <button type="button" className="text-xs text-slate-500 hover:text-brand-700" onClick={() => setChild(i, newGroup(group.op === "and" ? "or" : "and", [child]))} title="Put this condition in a group of its own">
                            Group
                          </button>
                        )}
                        <button type="button" className="text-xs text-slate-500 hover:text-red-600" aria-label={`Remove condition ${i + 1}`} onClick={() => removeChild(i)}>
                          Remove
                        </button>
                      </span>
                    )}
                  </div>
                  <Issues list={issuesAt(issues, childPath, false)} />
                </div>
              )}
            </li>
          );
        })}
      </ol>
      {!readOnly && (
        <AddMenu
          canGroup={depth < MAX_DEPTH}
          onAdd={(t) => onChange({ ...group, children: [...group.children, newCondition(t)] })}
          groupWord={group.op === "and" ? "ANY (or)" : "ALL (and)"}
          onAddGroup={(t) => onChange({ ...group, children: [...group.children, newGroup(group.op === "and" ? "or" : "and", [newCondition(t)])] })}
        />
      )}
    </fieldset>
  );
}
