"use client";
// A "New …" dialog for things that belong to a bot: a name, the bot, whatever else the
// caller adds (children), and a create action that returns where to go next.
import { useEffect, useId, useState, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "./button";
import { Dialog } from "./dialog";
import { Field, Input, Select } from "./input";
import { useFormAction } from "./use-form-action";

export type TNewInBotDialog = {
  open: boolean;
  onClose: () => void;
  bots: { id: string; username: string }[];
  title: string;
  /** The form's id (the footer's submit button points at it). */
  formId: string;
  name: { label: string; placeholder: string; maxLength: number; hint?: string };
  botLabel: string;
  /** Show the bot picker with a single bot too. */
  alwaysShowBot?: boolean;
  submitLabel: string;
  /** Says what could not be done, when the server gives no reason. */
  failure: string;
  /** Creates the thing; returns the page to open. */
  create: (input: { botId: string; name: string }) => Promise<string>;
  /** Each time the dialog opens (reset the caller's own fields). */
  onOpen?: () => void;
  children?: ReactNode;
};

export function NewInBotDialog(p: TNewInBotDialog) {
  const router = useRouter();
  const nameId = useId();
  const botId = useId();
  const [name, setName] = useState("");
  const [bot, setBot] = useState(p.bots[0]?.id ?? "");
  const { busy, error, run } = useFormAction();
  const { open, onOpen } = p;

  useEffect(() => {
    if (open) {
      setName("");
      onOpen?.();
    }
  }, [open, onOpen]);

  async function create() {
    await run(async () => {
      const url = await p.create({ botId: bot, name: name.trim() });
      toast.success(`Created “${name.trim()}”.`);
      router.push(url);
    }, p.failure);
  }

  return (
    <Dialog
      open={p.open}
      onClose={p.onClose}
      title={p.title}
      footer={
        <>
          <Button variant="secondary" size="sm" onClick={p.onClose}>Cancel</Button>
          <Button size="sm" type="submit" form={p.formId} loading={busy} disabled={!name.trim() || !bot}>{p.submitLabel}</Button>
        </>
      }
    >
      <form
        id={p.formId}
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim() && bot) void create();
        }}
      >
        <Field label={p.name.label} htmlFor={nameId} error={error} hint={p.name.hint}>
          <Input id={nameId} value={name} onChange={(e) => setName(e.target.value)} placeholder={p.name.placeholder} maxLength={p.name.maxLength} autoFocus />
        </Field>
        {(p.alwaysShowBot || p.bots.length > 1) && (
          <Field label={p.botLabel} htmlFor={botId}>
            <Select id={botId} value={bot} onChange={(e) => setBot(e.target.value)}>
              {p.bots.map((b) => <option key={b.id} value={b.id}>@{b.username}</option>)}
            </Select>
          </Field>
        )}
        {p.children}
      </form>
    </Dialog>
  );
}
