"use client";
import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Card, Badge } from "../ui/card";
import { Button } from "../ui/button";
import { Field, Input } from "../ui/input";
import { ConfirmDialog } from "../ui/dialog";
import { RelativeTime } from "../ui/time";
import { fetchJson, ApiError } from "../ui/fetch-json";

export type TBotView = {
  id: string; username: string; name: string; apiRoot: string; updateMode: string; isDemo: boolean;
  lastError: string | null; lastUpdateAt: string | null; userCount: number; createdAt: string;
};

export function BotsPanel({ bots, canManage, defaultApiRoot, webhookAvailable }: { bots: TBotView[]; canManage: boolean; defaultApiRoot: string; webhookAvailable: boolean }) {
  const router = useRouter();
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [removing, setRemoving] = useState<TBotView | null>(null);
  const [removeError, setRemoveError] = useState<string | null>(null);
  const [busyRemove, setBusyRemove] = useState(false);

  async function onAdd(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    setAdding(true);
    setError(null);
    try {
      const res = await fetchJson<{ bot: { username: string; name: string }; tokenUpdated?: boolean }>("/api/bots", {
        method: "POST",
        json: { token: String(data.get("token") ?? ""), apiRoot: String(data.get("apiRoot") ?? "") },
      });
      toast.success(res.tokenUpdated ? `Updated the token of ${res.bot.name} (@${res.bot.username})` : `Connected ${res.bot.name} (@${res.bot.username})`);
      form.reset();
      router.refresh();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Could not add the bot.");
    } finally {
      setAdding(false);
    }
  }

  async function onRemove() {
    if (!removing) return;
    setBusyRemove(true);
    setRemoveError(null);
    try {
      await fetchJson(`/api/bots/${removing.id}`, { method: "DELETE" });
      toast.success(`Removed @${removing.username}`);
      setRemoving(null);
      router.refresh();
    } catch (err) {
      setRemoveError(err instanceof ApiError ? err.message : "Could not remove the bot.");
    } finally {
      setBusyRemove(false);
    }
  }

  return (
    <Card title="Bots">
      {bots.length === 0 ? (
        <p className="mb-4 text-sm text-slate-600">No bot yet. Add one with its token from @BotFather.</p>
      ) : (
        <ul className="mb-6 divide-y divide-slate-100" data-testid="bot-list">
          {bots.map((b) => (
            <li key={b.id} className="flex flex-wrap items-center justify-between gap-3 py-3 text-sm">
              <div className="min-w-0">
                <div className="font-medium">
                  {b.name} <span className="font-normal text-slate-500">@{b.username}</span>
                  {b.isDemo && <Badge className="ml-2 bg-amber-100 text-amber-800">demo</Badge>}
                </div>
                <div className="mt-0.5 text-xs text-slate-500">
                  {b.updateMode === "WEBHOOK" ? "webhook" : "long polling"} · <span title="Bot API server">{b.apiRoot}</span> · {b.userCount.toLocaleString("en")} users
                  {b.lastUpdateAt && <> · last update <RelativeTime iso={b.lastUpdateAt} /></>}
                </div>
                {b.lastError && <div className="mt-1 text-xs text-red-700" role="status">{b.lastError}</div>}
              </div>
              {canManage && <Button size="sm" variant="danger-ghost" onClick={() => setRemoving(b)}>Remove</Button>}
            </li>
          ))}
        </ul>
      )}
      {canManage ? (
        <form onSubmit={onAdd} onChange={() => setError(null)} className="grid gap-4 border-t border-slate-100 pt-4 md:grid-cols-[2fr_2fr_auto] md:items-end" aria-label="Add a bot">
          <Field label="Bot token" htmlFor="bot-token" hint="From @BotFather. It stays on the server.">
            <Input id="bot-token" name="token" required autoComplete="off" spellCheck={false} placeholder="123456789:AA…" />
          </Field>
          <Field label="Bot API server" htmlFor="bot-api-root" hint={`Leave empty for ${defaultApiRoot}`}>
            <Input id="bot-api-root" name="apiRoot" type="url" placeholder={defaultApiRoot} />
          </Field>
          <Button type="submit" loading={adding} className="md:mb-5">Add bot</Button>
          {error && <p role="alert" className="text-sm text-red-700 md:col-span-3">{error}</p>}
          <p className="text-xs text-slate-500 md:col-span-3">
            {webhookAvailable ? "New bots receive updates by webhook at this console's public URL." : "New bots receive updates by long polling in the worker (set PUBLIC_URL to use webhooks)."}
          </p>
        </form>
      ) : (
        <p className="text-xs text-slate-500">Only admins can add or remove bots.</p>
      )}
      <ConfirmDialog
        open={removing !== null}
        title={`Remove @${removing?.username ?? ""}?`}
        confirmLabel="Remove bot and its data"
        danger
        busy={busyRemove}
        error={removeError}
        onConfirm={() => void onRemove()}
        onCancel={() => (setRemoving(null), setRemoveError(null))}
      >
        This deletes the bot from Tagflow with its {removing?.userCount.toLocaleString("en")} users, their messages and events. The bot itself keeps working on Telegram.
      </ConfirmDialog>
    </Card>
  );
}
