"use client";
import type { z } from "zod";
import { defineCanvas } from "../../../../components/flows/define-canvas";
import { Chip } from "../../../../components/flows/node-body";
import { TAGS_LIST, TextField } from "../../../../components/flows/node-form";
import type { ZRemoveTag } from "./definition";

type T = z.output<typeof ZRemoveTag>;

export const removeTagCanvas = defineCanvas<T>({
  Body: ({ data }) => <p>− <Chip className="line-through decoration-slate-400">{data.tag || "choose a tag"}</Chip></p>,
  Form: ({ data, onChange, errors }) => (
    <TextField label="Tag" value={data.tag} onChange={(tag) => onChange({ ...data, tag })} error={errors.get("tag")} list={TAGS_LIST} maxLength={64} hint="Nothing happens when the user does not have it." />
  ),
});
