"use client";
import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Card, Badge } from "../ui/card";
import { Button } from "../ui/button";
import { Field, Input, Select } from "../ui/input";
import { ConfirmDialog } from "../ui/dialog";
import { fetchJson, ApiError } from "../ui/fetch-json";
import { useFormAction } from "../ui/use-form-action";

type TStaffView = { id: string; email: string; name: string; role: string; createdAt: string; disabledAt: string | null };
const ROLES = [
  { value: "AGENT", label: "Agent — inbox and tagging" },
  { value: "MARKETER", label: "Marketer — flows, segments, campaigns" },
  { value: "MANAGER", label: "Manager — reports and inbox oversight" },
  { value: "ADMIN", label: "Admin — everything, incl. bots and staff" },
];

export function StaffPanel({ staff, selfId }: { staff: TStaffView[]; selfId: string }) {
  const router = useRouter();
  const { busy, error, run } = useFormAction();
  const [disabling, setDisabling] = useState<TStaffView | null>(null);

  async function patch(id: string, body: Record<string, unknown>, done: string) {
    try {
      await fetchJson(`/api/staff/${id}`, { method: "PATCH", json: body });
      toast.success(done);
      router.refresh();
    } catch (err) {
      toast.error(err instanceof ApiError ? err.message : "Could not save the change.");
    }
  }

  async function onAdd(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const d = new FormData(form);
    await run(async () => {
      await fetchJson("/api/staff", { method: "POST", json: Object.fromEntries(d.entries()) });
      toast.success(`Added ${String(d.get("email"))}`);
      form.reset();
      router.refresh();
    }, "Could not add this person.");
  }

  return (
    <Card title="Staff">
      <table className="mb-6 w-full text-left text-sm" data-testid="staff-table">
        <thead className="text-xs uppercase text-slate-500"><tr><th className="py-2">Name</th><th>Email</th><th>Role</th><th /></tr></thead>
        <tbody className="divide-y divide-slate-100">
          {staff.map((s) => (
            <tr key={s.id} className={s.disabledAt ? "text-slate-400" : undefined}>
              <td className="py-2">{s.name}{s.id === selfId && <Badge className="ml-2">you</Badge>}{s.disabledAt && <Badge className="ml-2">disabled</Badge>}</td>
              <td>{s.email}</td>
              <td>
                <label className="sr-only" htmlFor={`role-${s.id}`}>Role of {s.name}</label>
                {/* Nobody changes their own role (the server refuses it too): another admin must. */}
                <select id={`role-${s.id}`} className="rounded border border-slate-300 bg-white px-2 py-1 text-sm disabled:bg-slate-50 disabled:text-slate-500" value={s.role}
                  disabled={s.id === selfId} title={s.id === selfId ? "You cannot change your own role. Ask another admin." : undefined}
                  onChange={(e) => void patch(s.id, { role: e.target.value }, `${s.name} is now ${e.target.value.toLowerCase()}`)}>
                  {ROLES.map((r) => <option key={r.value} value={r.value}>{r.value.toLowerCase()}</option>)}
                </select>
              </td>
              <td className="text-right">
                {s.id !== selfId && (
                  s.disabledAt ? (
                    <Button size="sm" variant="ghost" onClick={() => void patch(s.id, { disabled: false }, `${s.name} can sign in again`)}>Enable</Button>
                  ) : (
                    <Button size="sm" variant="danger-ghost" onClick={() => setDisabling(s)}>Disable</Button>
                  )
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={onAdd} className="grid gap-4 border-t border-slate-100 pt-4 md:grid-cols-2" aria-label="Add a staff member">
        <Field label="Name" htmlFor="staff-name"><Input id="staff-name" name="name" required /></Field>
        <Field label="Email" htmlFor="staff-email"><Input id="staff-email" name="email" type="email" required /></Field>
        <Field label="Role" htmlFor="staff-role">
          <Select id="staff-role" name="role" defaultValue="AGENT">{ROLES.map((r) => <option key={r.value} value={r.value}>{r.label}</option>)}</Select>
        </Field>
        <Field label="Initial password" htmlFor="staff-password" hint="At least 10 characters. Share it privately.">
          <Input id="staff-password" name="password" type="password" minLength={10} required autoComplete="new-password" />
        </Field>
        {error && <p role="alert" className="text-sm text-red-700 md:col-span-2">{error}</p>}
        <div className="md:col-span-2"><Button type="submit" loading={busy}>Add staff member</Button></div>
      </form>
      <ConfirmDialog
        open={disabling !== null}
        title={`Disable ${disabling?.name ?? ""}?`}
        confirmLabel="Disable"
        danger
        onConfirm={() => {
          const s = disabling;
          setDisabling(null);
          if (s) void patch(s.id, { disabled: true }, `${s.name} can no longer sign in`);
        }}
        onCancel={() => setDisabling(null)}
      >
        <p>{disabling?.name} ({disabling?.email}) will be signed out and can no longer sign in. You can enable the account again later.</p>
      </ConfirmDialog>
    </Card>
  );
}
