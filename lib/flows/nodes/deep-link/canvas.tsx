"use client";
import type { z } from "zod";
import { Code } from "../../../../components/flows/node-body";
import { SelectField, TextField } from "../../../../components/flows/node-form";
import { defineCanvas } from "../../../../components/flows/define-canvas";
import type { ZDeepLinkTrigger } from "./definition";

type T = z.output<typeof ZDeepLinkTrigger>;

export const deepLinkCanvas = defineCanvas<T>({
  Body: ({ data }) => (
    <p className="text-slate-700">
      t.me/…?start=<Code>{data.payload || "…"}</Code>{data.match === "prefix" && "…"}
    </p>
  ),
  Form: ({ data, onChange, errors }) => (
    <>
      <TextField label="Start payload" value={data.payload} onChange={(payload) => onChange({ ...data, payload })} error={errors.get("payload")} mono maxLength={64} hint="Share t.me/<your bot>?start=<payload>; letters, digits, _ and -." />
      <SelectField label="Match" value={data.match} options={[["equals", "Payload equals"], ["prefix", "Payload starts with"]] as const} onChange={(match) => onChange({ ...data, match })} />
    </>
  ),
});
