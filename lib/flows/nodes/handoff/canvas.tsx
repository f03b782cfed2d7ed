"use client";
import type { z } from "zod";
import { defineCanvas } from "../../../../components/flows/define-canvas";
import { Muted, TextPreview } from "../../../../components/flows/node-body";
import { TextAreaField, TEXT_HINT } from "../../../../components/flows/node-form";
import type { ZHandoff } from "./definition";

type T = z.output<typeof ZHandoff>;

export const handoffCanvas = defineCanvas<T>({
  Body: ({ data }) => (
    <div className="space-y-1">
      <Muted>Opens the conversation in the inbox</Muted>
      {data.text.trim() && <TextPreview html={data.text} lines={2} />}
    </div>
  ),
  Form: ({ data, onChange, errors }) => (
    <TextAreaField label="Message to the user (optional)" value={data.text} onChange={(text) => onChange({ ...data, text })} error={errors.get("text")} rows={3} hint={<>Leave empty to send nothing. {TEXT_HINT}</>} />
  ),
});
