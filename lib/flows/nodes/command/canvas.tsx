"use client";
import type { z } from "zod";
import { Code, Muted } from "../../../../components/flows/node-body";
import { SelectField, TextField } from "../../../../components/flows/node-form";
import { defineCanvas } from "../../../../components/flows/define-canvas";
import type { ZCommandTrigger } from "./definition";

type T = z.output<typeof ZCommandTrigger>;

const PAYLOADS = [
  ["any", "Any (or none)"],
  ["none", "No payload"],
  ["equals", "Payload equals"],
  ["prefix", "Payload starts with"],
  ["regex", "Payload matches a pattern"],
] as const;

export const commandCanvas = defineCanvas<T>({
  Body: ({ data }) => (
    <div className="space-y-1">
      <Code>/{data.command.replace(/^\//, "") || "…"}</Code>
      {data.payload !== "any" && <Muted>{data.payload === "none" ? "without a payload" : `payload ${data.payload === "regex" ? "matches" : data.payload === "prefix" ? "starts with" : "="} “${data.value}”`}</Muted>}
    </div>
  ),
  Form: ({ data, onChange, errors }) => (
    <>
      <TextField label="Command" prefix="/" value={data.command} onChange={(command) => onChange({ ...data, command })} error={errors.get("command")} placeholder="start" mono maxLength={33} hint="What users type, like /start or /menu." />
      <SelectField label="Payload" value={data.payload} options={PAYLOADS} onChange={(payload) => onChange({ ...data, payload })} hint="The text after the command, e.g. /start promo." />
      {data.payload !== "any" && data.payload !== "none" && (
        <TextField label={data.payload === "regex" ? "Pattern" : "Payload"} value={data.value} onChange={(value) => onChange({ ...data, value })} error={errors.get("value")} mono maxLength={200} />
      )}
    </>
  ),
});
