"use client";
// "New campaign": a name and the bot it sends through; then the wizard.
import { useEffect, useId, useState } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { Field, Input, Select } from "../ui/input";
import { fetchJson } from "../ui/fetch-json";
import { useFormAction } from "../ui/use-form-action";

export function NewCampaignButton({ bots, label = "New campaign" }: { bots: { id: string; username: string }[]; label?: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>{label}</Button>
      <NewCampaignDialog open={open} onClose={() => setOpen(false)} bots={bots} />
    </>
  );
}

function NewCampaignDialog({ open, onClose, bots }: { open: boolean; onClose: () => void; bots: { id: string; username: string }[] }) {
  const router = useRouter();
  const nameId = useId();
  const botId = useId();
  const [name, setName] = useState("");
  const [bot, setBot] = useState(bots[0]?.id ?? "");
  const { busy, error, run } = useFormAction();

  useEffect(() => {
    if (open) setName("");
  }, [open]);

  async function create() {
    await run(async () => {
      const res = await fetchJson<{ campaign: { id: string } }>("/api/campaigns", { method: "POST", json: { botId: bot, name: name.trim() } });
      toast.success(`Created “${name.trim()}”.`);
      router.push(`/campaigns/${res.campaign.id}`);
    }, "The campaign could not be created.");
  }

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="New campaign"
      footer={
        <>
          <Button variant="secondary" size="sm" onClick={onClose}>Cancel</Button>
          <Button size="sm" type="submit" form="new-campaign-form" loading={busy} disabled={!name.trim() || !bot}>Create campaign</Button>
        </>
      }
    >
      <form
        id="new-campaign-form"
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim() && bot) void create();
        }}
      >
        <Field label="Campaign name" htmlFor={nameId} error={error} hint="Only your team sees it.">
          <Input id={nameId} value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Black Friday announcement" maxLength={100} autoFocus />
        </Field>
        <Field label="Send through bot" htmlFor={botId}>
          <Select id={botId} value={bot} onChange={(e) => setBot(e.target.value)}>
            {bots.map((b) => <option key={b.id} value={b.id}>@{b.username}</option>)}
          </Select>
        </Field>
      </form>
    </Dialog>
  );
}
