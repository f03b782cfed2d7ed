"use client";
import type { z } from "zod";
import { defineCanvas } from "../../../../components/flows/define-canvas";
import { Code } from "../../../../components/flows/node-body";
import { ATTRIBUTES_LIST, SelectField, TextField } from "../../../../components/flows/node-form";
import type { ZSetAttribute } from "./definition";

type T = z.output<typeof ZSetAttribute>;

const TYPES = [
  ["text", "Text"],
  ["number", "Number"],
  ["boolean", "Yes / no"],
  ["date", "Date"],
] as const;

export const setAttributeCanvas = defineCanvas<T>({
  Body: ({ data }) => (
    <p className="break-words text-slate-700">
      <Code>{data.key || "…"}</Code> = {data.value ? `“${data.value}”` : <span className="text-slate-400">empty</span>}
    </p>
  ),
  Form: ({ data, onChange, errors }) => (
    <>
      <TextField label="Attribute" value={data.key} onChange={(key) => onChange({ ...data, key })} error={errors.get("key")} list={ATTRIBUTES_LIST} mono placeholder="plan" />
      <SelectField label="Type" value={data.valueType} options={TYPES} onChange={(valueType) => onChange({ ...data, valueType })} />
      <TextField
        label="Value"
        value={data.value}
        onChange={(value) => onChange({ ...data, value })}
        error={errors.get("value")}
        maxLength={1000}
        placeholder={data.valueType === "date" ? "2026-12-31" : data.valueType === "boolean" ? "yes" : data.valueType === "number" ? "42" : "gold"}
        hint="Tokens such as {first_name} or {attr.city|unknown} are filled in per user."
      />
    </>
  ),
});
