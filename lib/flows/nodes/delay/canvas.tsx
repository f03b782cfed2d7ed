"use client";
import type { z } from "zod";
import { defineCanvas } from "../../../../components/flows/define-canvas";
import { NumberField, SelectField } from "../../../../components/flows/node-form";
import { delay, type ZDelay } from "./definition";

type T = z.output<typeof ZDelay>;

export const delayCanvas = defineCanvas<T>({
  Body: ({ data }) => <p className="text-slate-700">{Number.isFinite(data.amount) ? delay.summary(data) : "wait …"}</p>,
  Form: ({ data, onChange, errors }) => (
    <div className="grid grid-cols-2 gap-2">
      <NumberField label="Wait" value={data.amount} onChange={(amount) => onChange({ ...data, amount })} error={errors.get("amount")} min={1} />
      <SelectField label="Unit" value={data.unit} options={[["minutes", "minutes"], ["hours", "hours"], ["days", "days"]] as const} onChange={(unit) => onChange({ ...data, unit })} />
      <p className="col-span-2 text-xs text-slate-500">Up to 90 days. The wait survives restarts.</p>
    </div>
  ),
});
