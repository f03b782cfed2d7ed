"use client";
import type { z } from "zod";
import { defineCanvas } from "../../../../components/flows/define-canvas";
import { Code, Muted, TextPreview } from "../../../../components/flows/node-body";
import { ATTRIBUTES_LIST, NumberField, SelectField, TextAreaField, TextField, TEXT_HINT } from "../../../../components/flows/node-form";
import type { ZAskQuestion } from "./definition";

type T = z.output<typeof ZAskQuestion>;

const KINDS = [
  ["text", "Any text"],
  ["number", "A number"],
  ["email", "An email address"],
  ["phone", "A phone number"],
] as const;

export const askQuestionCanvas = defineCanvas<T>({
  Body: ({ data }) => (
    <div className="space-y-1">
      <TextPreview html={data.text} lines={2} />
      <Muted>
        saves {data.validate} to <Code>{data.attribute || "…"}</Code>
      </Muted>
    </div>
  ),
  Form: ({ data, onChange, errors }) => (
    <>
      <TextAreaField label="Question" value={data.text} onChange={(text) => onChange({ ...data, text })} error={errors.get("text")} rows={3} hint={TEXT_HINT} />
      <SelectField label="Expected answer" value={data.validate} options={KINDS} onChange={(validate) => onChange({ ...data, validate })} />
      <TextField label="Save the answer in attribute" value={data.attribute} onChange={(attribute) => onChange({ ...data, attribute })} error={errors.get("attribute")} list={ATTRIBUTES_LIST} mono placeholder="email" />
      <TextAreaField label="When the answer is not valid, say" value={data.retryText} onChange={(retryText) => onChange({ ...data, retryText })} error={errors.get("retryText")} rows={2} hint="Then the question waits again." />
      <NumberField
        label="Give up after (minutes)"
        value={data.timeoutMinutes}
        onChange={(timeoutMinutes) => onChange({ ...data, timeoutMinutes })}
        error={errors.get("timeoutMinutes")}
        min={0}
        hint="0 waits for ever; otherwise the “No answer” output runs after this time."
      />
    </>
  ),
});
