"use client";
import type { z } from "zod";
import { defineCanvas } from "../../../../components/flows/define-canvas";
import { nextItemId } from "../../../../components/flows/graph";
import { AddButton, ItemBox, NumberField, RowActions, TextField, move } from "../../../../components/flows/node-form";
import type { ZRandomSplit } from "./definition";

type T = z.output<typeof ZRandomSplit>;
type TBranch = T["branches"][number];

const MAX_BRANCHES = 6;

/** Percentages that add up to 100, as even as whole numbers allow. */
function even(branches: TBranch[]): TBranch[] {
  const base = Math.floor(100 / branches.length);
  return branches.map((b, i) => ({ ...b, percent: base + (i < 100 - base * branches.length ? 1 : 0) }));
}

export const randomSplitCanvas = defineCanvas<T>({
  Body: ({ data }) => {
    const sum = data.branches.reduce((s, b) => s + (Number.isFinite(b.percent) ? b.percent : 0), 0);
    return <p className={sum === 100 ? "text-slate-600" : "text-red-600"}>{data.branches.length} branches · {sum}%</p>;
  },
  Form: ({ data, onChange, errors }) => {
    const branches = data.branches;
    const set = (next: TBranch[]) => onChange({ ...data, branches: next });
    const sum = branches.reduce((s, b) => s + (Number.isFinite(b.percent) ? b.percent : 0), 0);
    return (
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">Branches</legend>
        {branches.map((b, i) => (
          <ItemBox key={b.id} title={`Branch ${i + 1}`} actions={<RowActions what={`branch ${b.label || i + 1}`} index={i} count={branches.length} minCount={2} onMove={(from, to) => set(move(branches, from, to))} onRemove={() => set(branches.filter((x) => x.id !== b.id))} />}>
            <div className="grid grid-cols-[1fr_5.5rem] gap-2">
              <TextField label="Label" value={b.label} onChange={(label) => set(branches.map((x) => (x.id === b.id ? { ...x, label } : x)))} error={errors.get(`branches[${i}].label`)} maxLength={40} />
              <NumberField label="Percent" value={b.percent} onChange={(percent) => set(branches.map((x) => (x.id === b.id ? { ...x, percent } : x)))} error={errors.get(`branches[${i}].percent`)} min={0} max={100} />
            </div>
          </ItemBox>
        ))}
        <p className={sum === 100 ? "text-xs text-slate-500" : "text-sm text-red-600"} role={sum === 100 ? undefined : "alert"}>
          Total {sum}%{sum === 100 ? "" : " — the percentages must add up to 100."}{" "}
          <button type="button" className="text-brand-700 underline" onClick={() => set(even(branches))}>Split evenly</button>
        </p>
        <AddButton
          disabled={branches.length >= MAX_BRANCHES}
          onClick={() => {
            const id = nextItemId("b", branches.map((x) => x.id));
            set(even([...branches, { id, label: String.fromCharCode(65 + branches.length), percent: 0 }]));
          }}
        >
          + Add branch
        </AddButton>
      </fieldset>
    );
  },
});
