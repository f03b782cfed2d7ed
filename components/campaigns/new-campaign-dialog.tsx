"use client";
// "New campaign": a name and the bot it sends through; then the wizard.
import { useState } from "react";
import { Button } from "../ui/button";
import { fetchJson } from "../ui/fetch-json";
import { NewInBotDialog } from "../ui/new-in-bot-dialog";

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
  return (
    <NewInBotDialog
      open={open}
      onClose={onClose}
      bots={bots}
      title="New campaign"
      formId="new-campaign-form"
      name={{ label: "Campaign name", placeholder: "e.g. Black Friday announcement", maxLength: 100, hint: "Only your team sees it." }}
      botLabel="Send through bot"
      alwaysShowBot
      submitLabel="Create campaign"
      failure="The campaign could not be created."
      create={async ({ botId, name }) => {
        const res = await fetchJson<{ campaign: { id: string } }>("/api/campaigns", { method: "POST", json: { botId, name } });
        return `/campaigns/${res.campaign.id}`;
      }}
    />
  );
}
