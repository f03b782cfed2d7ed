"use client";
// Settings → Lifecycle stages: the thresholds segments and charts use. The form checks its
// input with the API's own schema, so each problem shows by its field before anything is sent.
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { ZLifecycleSettings, type TLifecycleSettings } from "@/lib/segments/lifecycle-schema";
import { Card } from "../ui/card";
import { Button } from "../ui/button";
import { Field, Input } from "../ui/input";
import { fetchJson } from "../ui/fetch-json";
import { useFormAction } from "../ui/use-form-action";

type TKey = keyof TLifecycleSettings;
type TValues = Record<TKey, string>;
const KEYS: TKey[] = ["newDays", "activeDays", "dormantDays"];

/** An empty box is "no number" (not 0), so the message says to enter one. */
const toInput = (v: TValues) => Object.fromEntries(Object.entries(v).map(([k, s]) => [k, s.trim() === "" ? null : Number(s)]));

/** The first problem of each field, from the shared schema. */
function check(values: TValues): { settings: TLifecycleSettings | null; errors: Partial<Record<TKey, string>> } {
  const parsed = ZLifecycleSettings.safeParse(toInput(values));
  if (parsed.success) return { settings: parsed.data, errors: {} };
  const errors: Partial<Record<TKey, string>> = {};
  for (const key of KEYS) errors[key] = parsed.error.issues.find((i) => i.path[0] === key)?.message;
  return { settings: null, errors };
}

export function LifecyclePanel({ initial, canEdit }: { initial: TLifecycleSettings; canEdit: boolean }) {
  const [values, setValues] = useState<TValues>({ newDays: String(initial.newDays), activeDays: String(initial.activeDays), dormantDays: String(initial.dormantDays) });
  const { busy, error, run } = useFormAction();
  const set = (k: TKey) => (e: React.ChangeEvent<HTMLInputElement>) => setValues((v) => ({ ...v, [k]: e.target.value }));
  const { settings, errors } = check(values);

  async function onSave(e: FormEvent) {
    e.preventDefault();
    if (!settings) return;
    await run(async () => {
      await fetchJson<{ settings: TLifecycleSettings }>("/api/settings/lifecycle", { method: "PUT", json: settings });
      toast.success("Lifecycle thresholds saved. Segments use them from now on.");
    }, "Could not save the thresholds.");
  }

  // The dormant range, only while Active and Churned make one.
  const [a, d] = [Number(values.activeDays), Number(values.dormantDays)];
  // (An empty or broken box has its own error; the New field does not matter here.)
  const dormantRange = !errors.activeDays && !errors.dormantDays && d > a;
  const dormantHint = dormantRange ? `Dormant: last interaction ${a}–${d} days ago.` : "Dormant: between Active and Churned.";
  return (
    <Card title="Lifecycle stages">
      <form onSubmit={onSave} noValidate className="grid gap-4 md:grid-cols-3">
        <Field label="New: first seen within (days)" htmlFor="lc-new" hint="Users who started the bot recently." error={errors.newDays}>
          <Input id="lc-new" type="number" min={0} max={365} value={values.newDays} onChange={set("newDays")} disabled={!canEdit} aria-invalid={Boolean(errors.newDays)} />
        </Field>
        <Field label="Active: interacted within (days)" htmlFor="lc-active" hint={dormantHint} error={errors.activeDays}>
          <Input id="lc-active" type="number" min={1} max={365} value={values.activeDays} onChange={set("activeDays")} disabled={!canEdit} aria-invalid={Boolean(errors.activeDays)} />
        </Field>
        <Field label="Churned: no interaction for over (days)" htmlFor="lc-dormant" hint="Users who blocked the bot are churned too." error={errors.dormantDays}>
          <Input id="lc-dormant" type="number" min={2} max={3650} value={values.dormantDays} onChange={set("dormantDays")} disabled={!canEdit} aria-invalid={Boolean(errors.dormantDays)} />
        </Field>
        {error && <p role="alert" className="text-sm text-red-700 md:col-span-3">{error}</p>}
        {canEdit && (
          <div className="md:col-span-3">
            <Button type="submit" loading={busy} disabled={!settings}>Save thresholds</Button>
          </div>
        )}
      </form>
    </Card>
  );
}
