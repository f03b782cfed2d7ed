"use client";
import type { z } from "zod";
import { defineCanvas } from "../../../../components/flows/define-canvas";
import { condition, LIFECYCLE_STAGES, type ZCondition } from "./definition";
import { ATTRIBUTES_LIST, CheckField, SelectField, TAGS_LIST, TextField } from "../../../../components/flows/node-form";

type T = z.output<typeof ZCondition>;
type TCheck = T["check"];

const KINDS = [
  ["tag", "Has a tag"],
  ["attribute", "Attribute comparison"],
  ["lifecycle", "Lifecycle stage"],
] as const;

const OPS = [
  ["eq", "equals"],
  ["neq", "does not equal"],
  ["contains", "contains"],
  ["lt", "is less than"],
  ["gt", "is greater than"],
  ["exists", "is set"],
  ["not_exists", "is not set"],
] as const;

const fresh = (kind: TCheck["kind"]): TCheck =>
  kind === "tag" ? { kind, tag: "", has: true } : kind === "attribute" ? { kind, key: "", op: "eq", value: "" } : { kind, stages: ["active"] };

export const conditionCanvas = defineCanvas<T>({
  Body: ({ data }) => <p className="break-words text-slate-700">If {condition.summary(data)}</p>,
  Form: ({ data, onChange, errors }) => {
    const c = data.check;
    const set = (check: TCheck) => onChange({ ...data, check });
    return (
      <>
        <SelectField label="Check" value={c.kind} options={KINDS} onChange={(kind) => kind !== c.kind && set(fresh(kind))} />
        {c.kind === "tag" && (
          <>
            <SelectField label="The user" value={c.has ? "has" : "not"} options={[["has", "has the tag"], ["not", "does not have the tag"]] as const} onChange={(v) => set({ ...c, has: v === "has" })} />
            <TextField label="Tag" value={c.tag} onChange={(tag) => set({ ...c, tag })} error={errors.get("check.tag")} list={TAGS_LIST} maxLength={64} />
          </>
        )}
        {c.kind === "attribute" && (
          <>
            <TextField label="Attribute" value={c.key} onChange={(key) => set({ ...c, key })} error={errors.get("check.key")} list={ATTRIBUTES_LIST} mono />
            <SelectField label="Comparison" value={c.op} options={OPS} onChange={(op) => set({ ...c, op })} />
            {c.op !== "exists" && c.op !== "not_exists" && (
              <TextField label="Value" value={c.value} onChange={(value) => set({ ...c, value })} error={errors.get("check.value")} maxLength={500} hint="Numbers compare as numbers; text ignores case." />
            )}
          </>
        )}
        {c.kind === "lifecycle" && (
          <fieldset className="space-y-1.5">
            <legend className="text-sm font-medium text-slate-700">Stage is one of</legend>
            {LIFECYCLE_STAGES.map((s) => (
              <CheckField key={s} label={s} checked={c.stages.includes(s)} onChange={(on) => set({ ...c, stages: on ? [...c.stages, s] : c.stages.filter((x) => x !== s) })} />
            ))}
            {errors.get("check.stages") && <p className="text-sm text-red-600" role="alert">{errors.get("check.stages")}</p>}
          </fieldset>
        )}
      </>
    );
  },
});
