"use client";
import type { z } from "zod";
import { defineCanvas } from "../../../../components/flows/define-canvas";
import { SelectField } from "../../../../components/flows/node-form";
import type { ZGoToFlow } from "./definition";

type T = z.output<typeof ZGoToFlow>;

export const goToFlowCanvas = defineCanvas<T>({
  Body: ({ data, flows }) => {
    const target = flows.get(data.flowId);
    return <p className="text-slate-700">{target ? <>→ <span className="font-medium">{target.name}</span>{!target.published && <span className="text-amber-700"> (not published)</span>}</> : <span className="italic text-slate-400">choose a flow</span>}</p>;
  },
  Form: ({ data, onChange, errors, options }) => {
    const choices = [["", "Choose a flow…"] as const, ...options.flows.map((f) => [f.id, `${f.name}${f.published ? "" : " (not published)"}`] as const)];
    return options.flows.length === 0 ? (
      <p className="text-sm text-slate-600">This bot has no other flows yet. Create one on the Flows page, publish it, then choose it here.</p>
    ) : (
      <SelectField label="Continue in" value={data.flowId} options={choices} onChange={(flowId) => onChange({ ...data, flowId })} error={errors.get("flowId")} hint="The other flow runs from its trigger; it must be published." />
    );
  },
});
