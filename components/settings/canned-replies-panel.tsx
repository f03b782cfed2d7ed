"use client";
import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Card } from "../ui/card";
import { Button } from "../ui/button";
import { Field, Input } from "../ui/input";
import { ConfirmDialog } from "../ui/dialog";
import { fetchJson, ApiError } from "../ui/fetch-json";
import { useFormAction } from "../ui/use-form-action";

type TReply = { id: string; shortcut: string; text: string };

/** Saved answers agents insert with "/" in the composer. Agents add; managers and admins also delete. */
export function CannedRepliesPanel({ replies, canDelete }: { replies: TReply[]; canDelete: boolean }) {
  const router = useRouter();
  const { busy, error, run } = useFormAction();
  const [removing, setRemoving] = useState<TReply | null>(null);

  async function onAdd(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const d = new FormData(form);
    await run(async () => {
      await fetchJson("/api/inbox/canned-replies", { method: "POST", json: { shortcut: String(d.get("shortcut") ?? ""), text: String(d.get("text") ?? "") } });
      form.reset();
      toast.success("Canned reply saved.");
      router.refresh();
    }, "Could not save the canned reply.");
  }

  async function remove(r: TReply) {
    try {
      await fetchJson(`/api/inbox/canned-replies/${r.id}`, { method: "DELETE" });
      toast.success(`Deleted /${r.shortcut}.`);
      router.refresh();
    } catch (err) {
      toast.error(err instanceof ApiError ? err.message : "Could not delete the canned reply.");
    } finally {
      setRemoving(null);
    }
  }

  return (
    <Card title="Canned replies">
      <ul className="mb-4 divide-y divide-slate-100 text-sm" data-testid="canned-replies">
        {replies.length === 0 && <li className="py-2 text-slate-500">No canned replies yet. Agents type “/” in the composer to use them.</li>}
        {replies.map((r) => (
          <li key={r.id} className="flex items-start gap-3 py-2">
            <code className="shrink-0 text-brand-700">/{r.shortcut}</code>
            <span className="min-w-0 flex-1 whitespace-pre-wrap text-slate-700">{r.text}</span>
            {canDelete && <button type="button" onClick={() => setRemoving(r)} className="text-xs text-red-700 hover:underline">Delete</button>}
          </li>
        ))}
      </ul>
      <form onSubmit={onAdd} className="grid gap-3 md:grid-cols-[12rem_1fr_auto] md:items-end">
        <Field label="Shortcut" htmlFor="canned-shortcut" hint="Lowercase, e.g. thanks">
          <Input id="canned-shortcut" name="shortcut" required maxLength={32} />
        </Field>
        <Field label="Text" htmlFor="canned-text" hint="Sent as written, up to 4,096 characters">
          <Input id="canned-text" name="text" required maxLength={4096} />
        </Field>
        <Button type="submit" loading={busy} className="md:mb-5">Add</Button>
        {error && <p role="alert" className="text-sm text-red-700 md:col-span-3">{error}</p>}
      </form>
      <ConfirmDialog
        open={removing !== null}
        title="Delete this canned reply?"
        confirmLabel="Delete"
        danger
        onConfirm={() => removing && void remove(removing)}
        onCancel={() => setRemoving(null)}
      >
        <p>Agents will no longer be offered <code>/{removing?.shortcut}</code>. Messages already sent are not affected.</p>
      </ConfirmDialog>
    </Card>
  );
}
