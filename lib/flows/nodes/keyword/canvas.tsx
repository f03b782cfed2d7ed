"use client";
import type { z } from "zod";
import { Muted } from "../../../../components/flows/node-body";
import { CheckField, SelectField, TextField } from "../../../../components/flows/node-form";
import { defineCanvas } from "../../../../components/flows/define-canvas";
import type { ZKeywordTrigger } from "./definition";

type T = z.output<typeof ZKeywordTrigger>;

const MATCHES = [
  ["contains", "Message contains"],
  ["equals", "Message equals"],
  ["regex", "Message matches a pattern"],
] as const;

export const keywordCanvas = defineCanvas<T>({
  Body: ({ data }) => (
    <p className="text-slate-700">
      {data.match === "regex" ? "matches" : data.match} <span className="font-medium">“{data.value || "…"}”</span>
      {data.caseSensitive && <span className="text-slate-500"> · case-sensitive</span>}
    </p>
  ),
  Form: ({ data, onChange, errors }) => (
    <>
      <SelectField label="Match" value={data.match} options={MATCHES} onChange={(match) => onChange({ ...data, match })} />
      <TextField label={data.match === "regex" ? "Pattern" : "Keyword"} value={data.value} onChange={(value) => onChange({ ...data, value })} error={errors.get("value")} mono={data.match === "regex"} maxLength={200} />
      <CheckField label="Case-sensitive" checked={data.caseSensitive} onChange={(caseSensitive) => onChange({ ...data, caseSensitive })} />
      <Muted>Commands (/start…) are answered by command triggers, not keywords.</Muted>
    </>
  ),
});
