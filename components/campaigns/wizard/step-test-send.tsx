"use client";
// Step 3, test send: the message as saved, sent now through the bot to a few chosen
// users (yourself, a colleague) to see it in Telegram. Not counted in the report.
import { useEffect, useId, useState } from "react";
import { toast } from "sonner";
import type { TCampaignMessage } from "@/lib/campaigns/schemas";
import { Button } from "../../ui/button";
import { Card } from "../../ui/card";
import { fetchJson } from "../../ui/fetch-json";
import { Field, Input, Select } from "../../ui/input";
import { useFormAction } from "../../ui/use-form-action";

type TTestUser = { id: string; name: string; username: string | null; telegramId: string; blocked: boolean };
type TResult = { telegramUserId: string; variantId: string; ok: boolean; error?: string };
export type TTestState = { users: TTestUser[]; results: TResult[] | null; variantId: string };

const MAX = 10;

export function StepTestSend({ campaignId, botId, message, flush, state, setState }: {
  campaignId: string; botId: string; message: TCampaignMessage; flush: () => Promise<boolean>; state: TTestState; setState: (s: TTestState) => void;
}) {
  const searchId = useId();
  const variantSelectId = useId();
  const [q, setQ] = useState("");
  const [found, setFound] = useState<TTestUser[] | null>(null);
  const [searching, setSearching] = useState(false);
  const { busy, error, run } = useFormAction();

  useEffect(() => {
    const query = q.trim();
    if (!query) {
      setFound(null);
      return;
    }
    const controller = new AbortController();
    setSearching(true);
    const t = setTimeout(() => {
      fetchJson<{ rows: TTestUser[] }>(`/api/users?botId=${encodeURIComponent(botId)}&q=${encodeURIComponent(query)}&pageSize=10`, { signal: controller.signal })
        .then((r) => setFound(r.rows))
        .catch((e: unknown) => !controller.signal.aborted && toast.error(e instanceof Error ? e.message : "Could not search users."))
        .finally(() => !controller.signal.aborted && setSearching(false));
    }, 250);
    return () => {
      clearTimeout(t);
      controller.abort();
    };
  }, [q, botId]);

  const chosen = new Set(state.users.map((u) => u.id));
  const add = (u: TTestUser) => !chosen.has(u.id) && state.users.length < MAX && setState({ ...state, users: [...state.users, u] });
  const remove = (id: string) => setState({ ...state, users: state.users.filter((u) => u.id !== id) });
  const variantName = (id: string) => message.variants.find((v) => v.id === id)?.name ?? id;
  const userName = (id: string) => state.users.find((u) => u.id === id)?.name ?? id;

  async function send() {
    await run(async () => {
      if (!(await flush())) throw new Error("unsaved");
      const res = await fetchJson<{ results: TResult[] }>(`/api/campaigns/${campaignId}/test-send`, {
        method: "POST",
        json: { telegramUserIds: state.users.map((u) => u.id), ...(state.variantId ? { variantId: state.variantId } : {}) },
      });
      setState({ ...state, results: res.results });
      const failed = res.results.filter((r) => !r.ok).length;
      if (failed === 0) toast.success(`Test sent: ${res.results.length} message${res.results.length === 1 ? "" : "s"} delivered.`);
      else toast.error(`${failed} of ${res.results.length} test messages failed.`);
    }, "The draft has unsaved changes that are not valid yet: fix them, then send the test.");
  }

  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Card title="Test users">
        <p className="mb-3 text-sm text-slate-600">
          Choose up to {MAX} users of this bot — start the bot from your own Telegram account to test on yourself. Test messages are not
          campaign sends: they are not counted in the report and their buttons are not tracked.
        </p>
        <Field label="Find a user" htmlFor={searchId} hint="Name, @username or Telegram ID.">
          <Input id={searchId} type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="e.g. Alex or @alex" autoComplete="off" />
        </Field>
        <div className="mt-2 min-h-10" aria-live="polite">
          {searching && <p className="text-xs text-slate-500">Searching…</p>}
          {!searching && found?.length === 0 && <p className="text-xs text-slate-500">No user of this bot matches “{q.trim()}”.</p>}
          {found && found.length > 0 && (
            <ul className="divide-y divide-slate-100 rounded-md border border-slate-200" data-testid="test-user-results">
              {found.map((u) => (
                <li key={u.id} className="flex items-center gap-2 px-3 py-1.5 text-sm">
                  <span className="min-w-0 flex-1 truncate">
                    <span className="font-medium text-slate-900">{u.name}</span>
                    {u.username && <span className="text-slate-500"> @{u.username}</span>}
                    {u.blocked && <span className="ml-1 text-xs text-red-600">blocked the bot</span>}
                  </span>
                  <Button size="sm" variant="secondary" onClick={() => add(u)} disabled={chosen.has(u.id) || state.users.length >= MAX} aria-label={`Add ${u.name} as a test user`}>
                    {chosen.has(u.id) ? "Added" : "Add"}
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </div>
      </Card>

      <Card title="Send the test">
        {state.users.length === 0 ? (
          <p className="text-sm text-slate-500">No test users chosen yet.</p>
        ) : (
          <ul className="mb-3 flex flex-wrap gap-1.5" data-testid="test-users">
            {state.users.map((u) => (
              <li key={u.id} className="inline-flex items-center gap-1 rounded-full bg-slate-100 py-0.5 pl-2.5 pr-1 text-sm text-slate-700">
                {u.name}
                <button type="button" className="rounded-full px-1 text-slate-400 hover:text-red-600" aria-label={`Remove ${u.name}`} onClick={() => remove(u.id)}>×</button>
              </li>
            ))}
          </ul>
        )}
        {message.variants.length > 1 && (
          <div className="mb-3">
            <Field label="Variant" htmlFor={variantSelectId}>
              <Select id={variantSelectId} value={state.variantId} onChange={(e) => setState({ ...state, variantId: e.target.value })}>
                <option value="">Every variant (one message each)</option>
                {message.variants.map((v) => <option key={v.id} value={v.id}>Variant {v.name}</option>)}
              </Select>
            </Field>
          </div>
        )}
        <Button onClick={send} loading={busy} disabled={state.users.length === 0}>
          Send test{state.users.length > 0 ? ` to ${state.users.length} user${state.users.length === 1 ? "" : "s"}` : ""}
        </Button>
        {error && <p className="mt-2 text-sm text-red-600" role="alert">{error}</p>}
        {state.results && (
          <table className="mt-4 w-full text-left text-sm" data-testid="test-results">
            <thead className="text-xs uppercase tracking-wide text-slate-500">
              <tr><th className="py-1 font-medium">User</th>{message.variants.length > 1 && <th className="py-1 font-medium">Variant</th>}<th className="py-1 font-medium">Result</th></tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {state.results.map((r) => (
                <tr key={`${r.telegramUserId}-${r.variantId}`} data-testid="test-result" data-ok={r.ok}>
                  <td className="py-1.5">{userName(r.telegramUserId)}</td>
                  {message.variants.length > 1 && <td className="py-1.5">{variantName(r.variantId)}</td>}
                  <td className="py-1.5">{r.ok ? <span className="text-emerald-700">✓ Delivered</span> : <span className="text-red-600">✗ {r.error ?? "failed"}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
