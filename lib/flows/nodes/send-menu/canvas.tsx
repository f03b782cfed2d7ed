"use client";
import type { z } from "zod";
import { defineCanvas } from "../../../../components/flows/define-canvas";
import { TextPreview } from "../../../../components/flows/node-body";
import { nextItemId } from "../../../../components/flows/graph";
import { AddButton, ItemBox, NumberField, RowActions, TextAreaField, TextField, move, TEXT_HINT } from "../../../../components/flows/node-form";
import type { ZSendMenu } from "./definition";

type T = z.output<typeof ZSendMenu>;

const MAX_OPTIONS = 24;

export const sendMenuCanvas = defineCanvas<T>({
  Body: ({ data }) => <TextPreview html={data.text} lines={2} />,
  Form: ({ data, onChange, errors }) => {
    const options = data.options;
    const setOptions = (next: T["options"]) => onChange({ ...data, options: next });
    return (
      <>
        <TextAreaField label="Question" value={data.text} onChange={(text) => onChange({ ...data, text })} error={errors.get("text")} rows={3} hint={TEXT_HINT} />
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-700">Options</legend>
          <p className="text-xs text-slate-500">Each option is a button with its own output on the canvas.</p>
          {options.map((o, i) => (
            <ItemBox key={o.id} title={`Option ${i + 1}`} actions={<RowActions what={`option ${o.label || i + 1}`} index={i} count={options.length} minCount={1} onMove={(a, b) => setOptions(move(options, a, b))} onRemove={() => setOptions(options.filter((x) => x.id !== o.id))} />}>
              <TextField label={`Option ${i + 1} label`} value={o.label} onChange={(label) => setOptions(options.map((x) => (x.id === o.id ? { ...x, label } : x)))} error={errors.get(`options[${i}].label`)} maxLength={64} />
            </ItemBox>
          ))}
          {errors.get("options") && <p className="text-sm text-red-600" role="alert">{errors.get("options")}</p>}
          <AddButton disabled={options.length >= MAX_OPTIONS} onClick={() => setOptions([...options, { id: nextItemId("o", options.map((x) => x.id)), label: `Option ${options.length + 1}` }])}>+ Add option</AddButton>
        </fieldset>
        <NumberField label="Buttons per row" value={data.columns} onChange={(columns) => onChange({ ...data, columns })} error={errors.get("columns")} min={1} max={4} />
      </>
    );
  },
});
