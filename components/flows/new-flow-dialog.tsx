"use client";
// "New flow": a name, the bot (when there are several), and a blank canvas or a starter.
import { useCallback, useState } from "react";
import { FLOW_TEMPLATES, TEMPLATE_INFO, type TFlowTemplate } from "@/lib/flows/templates";
import { cn } from "../ui/cn";
import { fetchJson } from "../ui/fetch-json";
import { NewInBotDialog } from "../ui/new-in-bot-dialog";

const TEMPLATES = FLOW_TEMPLATES.map((id) => ({ id, ...TEMPLATE_INFO[id] }));

export function NewFlowDialog({ open, onClose, bots }: { open: boolean; onClose: () => void; bots: { id: string; username: string }[] }) {
  const [template, setTemplate] = useState<TFlowTemplate>("blank");
  const resetTemplate = useCallback(() => setTemplate("blank"), []);

  return (
    <NewInBotDialog
      open={open}
      onClose={onClose}
      bots={bots}
      title="New flow"
      formId="new-flow-form"
      name={{ label: "Name", placeholder: "e.g. Welcome and interests", maxLength: 80 }}
      botLabel="Bot"
      submitLabel="Create flow"
      failure="The flow could not be created."
      onOpen={resetTemplate}
      create={async ({ botId, name }) => {
        const res = await fetchJson<{ flow: { id: string } }>("/api/flows", { method: "POST", json: { botId, name, template } });
        return `/flows/${res.flow.id}`;
      }}
    >
      <fieldset>
        <legend className="mb-1 text-sm font-medium text-slate-700">Start from</legend>
        <div className="grid gap-2">
          {TEMPLATES.map((t) => (
            <label key={t.id} className={cn("flex cursor-pointer gap-3 rounded-md border p-2.5", template === t.id ? "border-brand-500 bg-brand-50" : "border-slate-200 hover:bg-slate-50")}>
              <input type="radio" name="template" value={t.id} checked={template === t.id} onChange={() => setTemplate(t.id)} className="mt-0.5 accent-brand-600" />
              <span>
                <span className="block text-sm font-medium text-slate-900">{t.title}</span>
                <span className="block text-xs text-slate-500">{t.description}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
    </NewInBotDialog>
  );
}
