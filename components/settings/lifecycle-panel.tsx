"use client";
// Settings → Lifecycle stages: the thresholds segments and charts use.
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Card } from "../ui/card";
import { Button } from "../ui/button";
import { Field, Input } from "../ui/input";
import { fetchJson } from "../ui/fetch-json";
import { useFormAction } from "../ui/use-form-action";

type TSettings = { newDays: number; activeDays: number; dormantDays: number };

export function LifecyclePanel({ initial, canEdit }: { initial: TSettings; canEdit: boolean }) {
  const [values, setValues] = useState({ newDays: String(initial.newDays), activeDays: String(initial.activeDays), dormantDays: String(initial.dormantDays) });
  const { busy, error, run } = useFormAction();
  const set = (k: keyof TSettings) => (e: React.ChangeEvent<HTMLInputElement>) => setValues((v) => ({ ...v, [k]: e.target.value }));

  async function onSave(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      const json = { newDays: Number(values.newDays), activeDays: Number(values.activeDays), dormantDays: Number(values.dormantDays) };
      await fetchJson<{ settings: TSettings }>("/api/settings/lifecycle", { method: "PUT", json });
      toast.success("Lifecycle thresholds saved. Segments use them from now on.");
    }, "Could not save the thresholds.");
  }

  const a = values.activeDays || "…";
  const d = values.dormantDays || "…";
  return (
    <Card title="Lifecycle stages">
      <form onSubmit={onSave} className="grid gap-4 md:grid-cols-3">
        <Field label="New: first seen within (days)" htmlFor="lc-new" hint="Users who started the bot recently.">
          <Input id="lc-new" type="number" min={0} max={365} value={values.newDays} onChange={set("newDays")} disabled={!canEdit} />
        </Field>
        <Field label="Active: interacted within (days)" htmlFor="lc-active" hint={`Dormant: last interaction ${a}–${d} days ago.`}>
          <Input id="lc-active" type="number" min={1} max={365} value={values.activeDays} onChange={set("activeDays")} disabled={!canEdit} />
        </Field>
        <Field label="Churned: no interaction for over (days)" htmlFor="lc-dormant" hint="Users who blocked the bot are churned too.">
          <Input id="lc-dormant" type="number" min={2} max={3650} value={values.dormantDays} onChange={set("dormantDays")} disabled={!canEdit} />
        </Field>
        {error && <p role="alert" className="text-sm text-red-700 md:col-span-3">{error}</p>}
        {canEdit && (
          <div className="md:col-span-3">
            <Button type="submit" loading={busy}>Save thresholds</Button>
          </div>
        )}
      </form>
    </Card>
  );
}
