"use client";
// "New flow": a name, the bot (when there are several), and a blank canvas or a starter.
import { useEffect, useId, useState } from "react";
import { useRouter } from "next/navigation";
import { FLOW_TEMPLATES, TEMPLATE_INFO, type TFlowTemplate } from "@/lib/flows/templates";
import { toast } from "sonner";
import { Button } from "../ui/button";
import { cn } from "../ui/cn";
import { Dialog } from "../ui/dialog";
import { Field, Input, Select } from "../ui/input";
import { fetchJson } from "../ui/fetch-json";
import { useFormAction } from "../ui/use-form-action";

const TEMPLATES = FLOW_TEMPLATES.map((id) => ({ id, ...TEMPLATE_INFO[id] }));

export function NewFlowDialog({ open, onClose, bots }: { open: boolean; onClose: () => void; bots: { id: string; username: string }[] }) {
  const router = useRouter();
  const nameId = useId();
  const botId = useId();
  const [name, setName] = useState("");
  const [bot, setBot] = useState(bots[0]?.id ?? "");
  const [template, setTemplate] = useState<TFlowTemplate>("blank");
  const { busy, error, run } = useFormAction();

  useEffect(() => {
    if (open) {
      setName("");
      setTemplate("blank");
    }
  }, [open]);

  async function create() {
    await run(async () => {
      const res = await fetchJson<{ flow: { id: string } }>("/api/flows", { method: "POST", json: { botId: bot, name: name.trim(), template } });
      toast.success(`Created “${name.trim()}”.`);
      router.push(`/flows/${res.flow.id}`);
    }, "The flow could not be created.");
  }

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="New flow"
      footer={
        <>
          <Button variant="secondary" size="sm" onClick={onClose}>Cancel</Button>
          <Button size="sm" type="submit" form="new-flow-form" loading={busy} disabled={!name.trim() || !bot}>Create flow</Button>
        </>
      }
    >
      <form
        id="new-flow-form"
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim() && bot) void create();
        }}
      >
        <Field label="Name" htmlFor={nameId} error={error}>
          <Input id={nameId} value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Welcome and interests" maxLength={80} autoFocus />
        </Field>
        {bots.length > 1 && (
          <Field label="Bot" htmlFor={botId}>
            <Select id={botId} value={bot} onChange={(e) => setBot(e.target.value)}>
              {bots.map((b) => <option key={b.id} value={b.id}>@{b.username}</option>)}
            </Select>
          </Field>
        )}
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
      </form>
    </Dialog>
  );
}
