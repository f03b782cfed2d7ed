"use client";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Card } from "../ui/card";
import { Button } from "../ui/button";
import { Field, Input, Select } from "../ui/input";
import { fetchJson } from "../ui/fetch-json";
import { useFormAction } from "../ui/use-form-action";

type TSettings = { handoffKeywords: string[]; pauseBotWhileHandled: boolean; autoAssign: "off" | "round-robin" | "least-busy" };

export function InboxPanel({ initial, canManage }: { initial: TSettings; canManage: boolean }) {
  const [keywords, setKeywords] = useState(initial.handoffKeywords.join(", "));
  const [pause, setPause] = useState(initial.pauseBotWhileHandled);
  const [autoAssign, setAutoAssign] = useState(initial.autoAssign);
  const { busy, error, run } = useFormAction();

  async function onSave(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      const handoffKeywords = keywords.split(",").map((k) => k.trim()).filter(Boolean);
      const r = await fetchJson<{ settings: TSettings }>("/api/settings/inbox", { method: "PUT", json: { handoffKeywords, pauseBotWhileHandled: pause, autoAssign } });
      setKeywords(r.settings.handoffKeywords.join(", "));
      toast.success("Inbox settings saved.");
    }, "Could not save the settings.");
  }

  return (
    <Card title="Inbox">
      <form onSubmit={onSave} className="grid gap-4 md:grid-cols-3">
        <Field label="Handoff keywords" htmlFor="handoff-keywords" hint="A user who writes one of these (comma-separated) is handed to a person.">
          <Input id="handoff-keywords" value={keywords} onChange={(e) => setKeywords(e.target.value)} disabled={!canManage} />
        </Field>
        <Field label="Automatic assignment" htmlFor="auto-assign" hint="On handoff, among agents with the console open.">
          <Select id="auto-assign" value={autoAssign} onChange={(e) => setAutoAssign(e.target.value as TSettings["autoAssign"])} disabled={!canManage}>
            <option value="off">Off — agents pick conversations</option>
            <option value="round-robin">Round-robin</option>
            <option value="least-busy">Least busy</option>
          </Select>
        </Field>
        <label className="flex items-start gap-2 pt-6 text-sm text-slate-700">
          <input type="checkbox" className="mt-1" checked={pause} onChange={(e) => setPause(e.target.checked)} disabled={!canManage} />
          <span>Pause the bot&apos;s automated replies while an agent handles the conversation (until it is closed).</span>
        </label>
        {error && <p role="alert" className="text-sm text-red-700 md:col-span-3">{error}</p>}
        {canManage && (
          <div className="md:col-span-3">
            <Button type="submit" loading={busy}>Save inbox settings</Button>
          </div>
        )}
      </form>
    </Card>
  );
}
