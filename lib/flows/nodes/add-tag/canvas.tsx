"use client";
import type { z } from "zod";
import { defineCanvas } from "../../../../components/flows/define-canvas";
import { Chip } from "../../../../components/flows/node-body";
import { TAGS_LIST, TextField } from "../../../../components/flows/node-form";
import type { ZAddTag } from "./definition";

type T = z.output<typeof ZAddTag>;

export const addTagCanvas = defineCanvas<T>({
  Body: ({ data }) => <p>+ <Chip className="border-emerald-200 bg-emerald-50 text-emerald-800">{data.tag || "choose a tag"}</Chip></p>,
  Form: ({ data, onChange, errors }) => (
    <TextField label="Tag" value={data.tag} onChange={(tag) => onChange({ ...data, tag })} error={errors.get("tag")} list={TAGS_LIST} maxLength={64} placeholder="Interest-Tech" hint="Pick an existing tag or type a new one; it is created when the flow first applies it." />
  ),
});
