"use client";
import type { z } from "zod";
import { defineCanvas } from "../../../../components/flows/define-canvas";
import { Code, Muted } from "../../../../components/flows/node-body";
import { ATTRIBUTES_LIST, AddButton, IconButton, ItemBox, NumberField, SelectField, TextAreaField, TextField } from "../../../../components/flows/node-form";
import type { ZHttpRequest } from "./definition";

type T = z.output<typeof ZHttpRequest>;

const METHODS = [["GET", "GET"], ["POST", "POST"], ["PUT", "PUT"], ["PATCH", "PATCH"], ["DELETE", "DELETE"]] as const;

export const httpRequestCanvas = defineCanvas<T>({
  Body: ({ data }) => (
    <div className="space-y-1">
      <p className="break-all text-slate-700"><Code>{data.method}</Code> {data.url.replace(/^https?:\/\//, "") || "…"}</p>
      {data.save.length > 0 && <Muted>saves {data.save.map((s) => s.attribute).join(", ")}</Muted>}
    </div>
  ),
  Form: ({ data, onChange, errors }) => {
    const setHeaders = (headers: T["headers"]) => onChange({ ...data, headers });
    const setSave = (save: T["save"]) => onChange({ ...data, save });
    return (
      <>
        <SelectField label="Method" value={data.method} options={METHODS} onChange={(method) => onChange({ ...data, method })} />
        <TextField label="URL" value={data.url} onChange={(url) => onChange({ ...data, url })} error={errors.get("url")} mono placeholder="https://api.example.com/users/{telegram_id}" hint="Tokens are URL-encoded." />
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-700">Headers</legend>
          {data.headers.map((h, i) => (
            <ItemBox key={i} title={`Header ${i + 1}`} actions={<IconButton label={`Remove header ${h.name || i + 1}`} danger onClick={() => setHeaders(data.headers.filter((_, j) => j !== i))}>✕</IconButton>}>
              <TextField label="Name" value={h.name} onChange={(name) => setHeaders(data.headers.map((x, j) => (j === i ? { ...x, name } : x)))} error={errors.get(`headers[${i}].name`)} mono placeholder="Authorization" />
              <TextField label="Value" value={h.value} onChange={(value) => setHeaders(data.headers.map((x, j) => (j === i ? { ...x, value } : x)))} error={errors.get(`headers[${i}].value`)} mono />
            </ItemBox>
          ))}
          <AddButton disabled={data.headers.length >= 20} onClick={() => setHeaders([...data.headers, { name: "", value: "" }])}>+ Add header</AddButton>
        </fieldset>
        {data.method !== "GET" && (
          <TextAreaField label="JSON body" value={data.body} onChange={(body) => onChange({ ...data, body })} error={errors.get("body")} rows={5} mono hint={'Tokens go inside strings: {"name": "{first_name}"}.'} />
        )}
        <NumberField label="Timeout (ms)" value={data.timeoutMs} onChange={(timeoutMs) => onChange({ ...data, timeoutMs })} error={errors.get("timeoutMs")} min={500} max={30000} step={500} hint="500 to 30,000. A timeout takes the error output." />
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-700">Save response fields</legend>
          {data.save.map((s, i) => (
            <ItemBox key={i} title={`Field ${i + 1}`} actions={<IconButton label={`Remove field ${s.path || i + 1}`} danger onClick={() => setSave(data.save.filter((_, j) => j !== i))}>✕</IconButton>}>
              <TextField label="Response path" value={s.path} onChange={(path) => setSave(data.save.map((x, j) => (j === i ? { ...x, path } : x)))} error={errors.get(`save[${i}].path`)} mono placeholder="data.id" />
              <TextField label="Into attribute" value={s.attribute} onChange={(attribute) => setSave(data.save.map((x, j) => (j === i ? { ...x, attribute } : x)))} error={errors.get(`save[${i}].attribute`)} list={ATTRIBUTES_LIST} mono />
            </ItemBox>
          ))}
          <AddButton disabled={data.save.length >= 20} onClick={() => setSave([...data.save, { path: "", attribute: "" }])}>+ Save a field</AddButton>
        </fieldset>
      </>
    );
  },
});
