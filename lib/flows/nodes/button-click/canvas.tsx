"use client";
import type { z } from "zod";
import { Code } from "../../../../components/flows/node-body";
import { SelectField, TextField } from "../../../../components/flows/node-form";
import { byteLength, MAX_CALLBACK_DATA_BYTES } from "../../telegram-text";
import { defineCanvas } from "../../../../components/flows/define-canvas";
import type { ZButtonClickTrigger } from "./definition";

type T = z.output<typeof ZButtonClickTrigger>;

export const buttonClickCanvas = defineCanvas<T>({
  Body: ({ data }) => (
    <p className="text-slate-700">
      button data {data.match === "prefix" ? "starts with" : "="} <Code>{data.data || "…"}</Code>
    </p>
  ),
  Form: ({ data, onChange, errors }) => (
    <>
      <TextField
        label="Button data"
        value={data.data}
        onChange={(v) => onChange({ ...data, data: v })}
        error={errors.get("data")}
        mono
        hint={`The callback data of a button sent by a campaign or another message (${byteLength(data.data)}/${MAX_CALLBACK_DATA_BYTES} bytes).`}
      />
      <SelectField label="Match" value={data.match} options={[["equals", "Data equals"], ["prefix", "Data starts with"]] as const} onChange={(match) => onChange({ ...data, match })} />
    </>
  ),
});
