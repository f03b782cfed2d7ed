"use client";
// Rows of inline buttons under the message: URL buttons (through the tracked redirect)
// or reply buttons (a tracked click the bot acknowledges). Up to 5 rows of 8.
import type { TCampaignButton } from "@/lib/campaigns/schemas";
import { buttonLinkProblem } from "@/lib/campaigns/variant-problems";
import { cn } from "../../ui/cn";

const BOX = "h-8 rounded-md border border-slate-300 bg-white px-2 text-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30";

function nextId(rows: TCampaignButton[][]): string {
  const used = new Set(rows.flat().map((b) => b.id));
  for (let i = 1; ; i++) if (!used.has(`b${i}`)) return `b${i}`;
}

export function ButtonsEditor({ rows, onChange }: { rows: TCampaignButton[][]; onChange: (rows: TCampaignButton[][]) => void }) {
  const setButton = (r: number, i: number, b: TCampaignButton) => onChange(rows.map((row, j) => (j === r ? row.map((x, k) => (k === i ? b : x)) : row)));
  const removeButton = (r: number, i: number) => onChange(rows.map((row, j) => (j === r ? row.filter((_, k) => k !== i) : row)).filter((row) => row.length > 0));
  const addButton = (r: number) => onChange(rows.map((row, j) => (j === r ? [...row, { id: nextId(rows), kind: "reply" as const, text: "" }] : row)));
  const addRow = () => onChange([...rows, [{ id: nextId(rows), kind: "url", text: "", url: "https://" }]]);

  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-slate-700">Buttons <span className="font-normal text-slate-500">(optional)</span></legend>
      {rows.length === 0 && <p className="text-xs text-slate-500">No buttons. A URL button opens a link (clicks are counted); a reply button records the click as the recipient’s “open”.</p>}
      {rows.map((row, r) => (
        <div key={r} className="rounded-md border border-slate-200 bg-slate-50/60 p-2" data-testid="button-row">
          <div className="mb-1 flex items-center justify-between text-xs text-slate-500">
            <span>Row {r + 1}</span>
            {row.length < 8 && <button type="button" className="text-brand-700 hover:underline" onClick={() => addButton(r)}>+ Button in this row</button>}
          </div>
          <div className="space-y-1.5">
            {row.map((b, i) => {
              const n = `row ${r + 1} button ${i + 1}`;
              const labelError = b.text.trim() ? null : "Give the button a label.";
              const linkError = b.kind === "url" ? buttonLinkProblem(b.url) : null;
              const errorId = `button-error-${b.id}`;
              return (
                <div key={b.id}>
                  <div className="flex flex-wrap items-center gap-1.5">
                    <select aria-label={`Kind of ${n}`} className={BOX} value={b.kind} onChange={(e) => setButton(r, i, e.target.value === "url" ? { id: b.id, kind: "url", text: b.text, url: "https://" } : { id: b.id, kind: "reply", text: b.text })}>
                      <option value="url">Link</option>
                      <option value="reply">Reply</option>
                    </select>
                    <input aria-label={`Label of ${n}`} aria-invalid={!!labelError} aria-describedby={labelError || linkError ? errorId : undefined} className={cn(BOX, "w-40", labelError && "border-red-400")} maxLength={64} placeholder="Label" value={b.text} onChange={(e) => setButton(r, i, { ...b, text: e.target.value })} />
                    {b.kind === "url" && (
                      <input aria-label={`Link of ${n}`} aria-invalid={!!linkError} aria-describedby={labelError || linkError ? errorId : undefined} className={cn(BOX, "min-w-48 flex-1", linkError && "border-red-400")} maxLength={2048} placeholder="https://example.com/?u={telegram_id}" value={b.url} onChange={(e) => setButton(r, i, { ...b, url: e.target.value })} />
                    )}
                    <button type="button" aria-label={`Remove ${n}`} className="ml-auto px-1 text-slate-400 hover:text-red-600" onClick={() => removeButton(r, i)}>×</button>
                  </div>
                  {(labelError || linkError) && (
                    <p id={errorId} className="mt-0.5 text-xs text-red-600" data-testid="button-error">
                      {[labelError, linkError && linkError.charAt(0).toUpperCase() + linkError.slice(1) + "."].filter(Boolean).join(" ")}
                    </p>
                  )}
                </div>
              );
            })}
          </div>
        </div>
      ))}
      {rows.length < 5 && (
        <button type="button" onClick={addRow} className="h-8 rounded-md border border-dashed border-slate-300 px-2 text-sm text-slate-600 hover:border-brand-500">
          + Add a row of buttons
        </button>
      )}
    </fieldset>
  );
}
