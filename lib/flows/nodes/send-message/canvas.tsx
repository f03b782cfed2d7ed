"use client";
import type { z } from "zod";
import { defineCanvas } from "../../../../components/flows/define-canvas";
import { Chip, TextPreview } from "../../../../components/flows/node-body";
import { nextItemId } from "../../../../components/flows/graph";
import { AddButton, CheckField, IconButton, ItemBox, SelectField, TextAreaField, TextField, move, TEXT_HINT, type TNodeFormProps } from "../../../../components/flows/node-form";
import type { ZMessageButton, ZSendMessage } from "./definition";

type T = z.output<typeof ZSendMessage>;
type TButton = z.output<typeof ZMessageButton>;

const MAX_ROWS = 8;
const MAX_PER_ROW = 8;

function ButtonsEditor({ data, onChange, errors }: TNodeFormProps<T>) {
  const rows = data.buttons;
  const ids = rows.flat().map((b) => b.id);
  const setRows = (buttons: TButton[][]) => onChange({ ...data, buttons });
  const setButton = (r: number, i: number, b: TButton) => setRows(rows.map((row, ri) => (ri === r ? row.map((x, xi) => (xi === i ? b : x)) : row)));
  const newButton = (): TButton => ({ id: nextItemId("b", ids), kind: "callback", text: `Button ${ids.length + 1}` });
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-slate-700">Buttons</legend>
      {rows.length === 0 && <p className="text-xs text-slate-500">No buttons. A button that continues the flow gets its own output on the canvas.</p>}
      {rows.map((row, r) => (
        <ItemBox
          key={row[0]?.id ?? r}
          title={`Row ${r + 1}`}
          actions={
            <>
              <IconButton label={`Move row ${r + 1} up`} disabled={r === 0} onClick={() => setRows(move(rows, r, r - 1))}>↑</IconButton>
              <IconButton label={`Move row ${r + 1} down`} disabled={r === rows.length - 1} onClick={() => setRows(move(rows, r, r + 1))}>↓</IconButton>
              <IconButton label={`Remove row ${r + 1}`} danger onClick={() => setRows(rows.filter((_, ri) => ri !== r))}>✕</IconButton>
            </>
          }
        >
          {row.map((b, i) => (
            <div key={b.id} className="space-y-2 rounded border border-slate-200 bg-white p-2" role="group" aria-label={`Button ${b.text || b.id}`}>
              <div className="flex items-end gap-1">
                <div className="flex-1">
                  <SelectField
                    label="Button kind"
                    value={b.kind}
                    options={[["callback", "Continues the flow"], ["url", "Opens a link"]] as const}
                    onChange={(kind) => setButton(r, i, kind === "url" ? { id: b.id, kind, text: b.text, url: b.kind === "url" ? b.url : "https://" } : { id: b.id, kind, text: b.text })}
                  />
                </div>
                <IconButton label={`Remove button ${b.text || b.id}`} danger onClick={() => setRows(rows.map((x, ri) => (ri === r ? x.filter((_, xi) => xi !== i) : x)).filter((x) => x.length > 0))}>✕</IconButton>
              </div>
              <TextField label="Button label" value={b.text} onChange={(text) => setButton(r, i, { ...b, text })} error={errors.get(`buttons[${r}][${i}].text`)} maxLength={64} />
              {b.kind === "url" && <TextField label="Link" value={b.url} onChange={(url) => setButton(r, i, { ...b, url })} error={errors.get(`buttons[${r}][${i}].url`)} mono placeholder="https://…" />}
            </div>
          ))}
          <AddButton disabled={row.length >= MAX_PER_ROW} onClick={() => setRows(rows.map((x, ri) => (ri === r ? [...x, newButton()] : x)))}>+ Button in this row</AddButton>
        </ItemBox>
      ))}
      <AddButton disabled={rows.length >= MAX_ROWS} onClick={() => setRows([...rows, [newButton()]])}>+ Add a row of buttons</AddButton>
    </fieldset>
  );
}

export const sendMessageCanvas = defineCanvas<T>({
  Body: ({ data }) => (
    <div className="space-y-1.5">
      {data.photo && <p className="text-slate-500">🖼 photo{data.text ? " with caption" : ""}</p>}
      <TextPreview html={data.text} />
      {data.buttons.flat().some((b) => b.kind === "url") && (
        <div className="flex flex-wrap gap-1">
          {data.buttons.flat().filter((b) => b.kind === "url").map((b) => <Chip key={b.id}>↗ {b.text}</Chip>)}
        </div>
      )}
    </div>
  ),
  Form: (props) => {
    const { data, onChange, errors } = props;
    return (
      <>
        <TextAreaField label={data.photo ? "Caption" : "Text"} value={data.text} onChange={(text) => onChange({ ...data, text })} error={errors.get("text")} rows={5} hint={TEXT_HINT} />
        <TextField label="Photo (optional)" value={data.photo} onChange={(photo) => onChange({ ...data, photo })} error={errors.get("photo")} placeholder="https://… or a Telegram file_id" mono />
        <CheckField label="No link previews" checked={data.disablePreview} onChange={(disablePreview) => onChange({ ...data, disablePreview })} />
        <ButtonsEditor {...props} />
      </>
    );
  },
});
