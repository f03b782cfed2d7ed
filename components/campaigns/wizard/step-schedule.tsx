"use client";
// Step 5, schedule and speed: send on launch or at a time; Telegram's 30 messages/s, or
// paid broadcast up to 1,000/s; local time per recipient (their zone: attribute, else
// language, else the default zone) and quiet hours in the recipient's zone.
import { useId } from "react";
import type { TSchedule } from "@/lib/campaigns/schemas";
import { Card } from "../../ui/card";
import { cn } from "../../ui/cn";
import { NumberInput } from "./number-input";
import { ProblemList } from "./problem-list";
import type { TProblem } from "./use-campaign-check";

type TSpeed = { paidBroadcast: boolean; ratePerSecond: number };

const pad = (n: number) => String(n).padStart(2, "0");

/** "2026-11-23T10:00" (the browser's local time) → "2026-11-23T10:00:00+01:00". */
export function localInputToIso(local: string): string | null {
  const d = new Date(local);
  if (!local || Number.isNaN(d.getTime())) return null;
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? "+" : "-";
  const base = local.length === 16 ? `${local}:00` : local.slice(0, 19);
  return `${base}${sign}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
}

export function isoToLocalInput(iso: string | null): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function StepSchedule({ schedule, onChange, speed, onSpeed, problems }: { schedule: TSchedule; onChange: (s: TSchedule) => void; speed: TSpeed; onSpeed: (s: TSpeed) => void; problems: TProblem[] }) {
  const atId = useId();
  const rateId = useId();
  const zone = typeof Intl !== "undefined" ? Intl.DateTimeFormat().resolvedOptions().timeZone : "";
  const option = (mode: TSchedule["mode"], title: string, hint: string) => (
    <label className={cn("flex cursor-pointer items-start gap-3 rounded-md border p-3 text-sm", schedule.mode === mode ? "border-brand-500 bg-brand-50" : "border-slate-200 hover:bg-slate-50")}>
      <input type="radio" name="schedule-mode" checked={schedule.mode === mode} onChange={() => onChange({ ...schedule, mode })} className="mt-0.5 accent-brand-600" />
      <span>
        <span className="font-medium text-slate-900">{title}</span>
        <span className="block text-xs text-slate-500">{hint}</span>
      </span>
    </label>
  );

  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <div className="space-y-4">
        <Card title="When">
          <div className="space-y-2" role="radiogroup" aria-label="When to send">
            {option("now", "When I launch", "Sending starts as soon as you press Launch.")}
            {option("at", "At a date and time", "Launch now; sending starts at that time.")}
            {schedule.mode === "at" && (
              <div className="ml-7 space-y-1">
                <label htmlFor={atId} className="block text-sm font-medium text-slate-700">Start sending at</label>
                <input
                  id={atId}
                  type="datetime-local"
                  value={isoToLocalInput(schedule.at)}
                  min={isoToLocalInput(new Date().toISOString())}
                  onChange={(e) => onChange({ ...schedule, at: localInputToIso(e.target.value) })}
                  className="h-10 rounded-md border border-slate-300 px-3 text-sm"
                />
                <p className="text-xs text-slate-500">Your time zone{zone ? ` (${zone})` : ""}.</p>
              </div>
            )}
            {option("local", "At each recipient’s local time", "The same clock time in every recipient’s time zone (from their timezone attribute, else their language).")}
            {schedule.mode === "local" && (
              <div className="ml-7 grid grid-cols-2 gap-2">
                <label className="text-sm font-medium text-slate-700">
                  Date
                  <input type="date" value={schedule.localDate ?? ""} onChange={(e) => onChange({ ...schedule, localDate: e.target.value || null })} className="mt-1 block h-10 w-full rounded-md border border-slate-300 px-3 text-sm" />
                </label>
                <label className="text-sm font-medium text-slate-700">
                  Their time
                  <input type="time" value={schedule.localTime ?? ""} onChange={(e) => onChange({ ...schedule, localTime: e.target.value || null })} className="mt-1 block h-10 w-full rounded-md border border-slate-300 px-3 text-sm" />
                </label>
              </div>
            )}
            {(schedule.mode === "local" || schedule.quietHours) && (
              <label className="ml-7 block text-sm font-medium text-slate-700">
                Time zone for users without one
                <input
                  value={schedule.defaultTimeZone}
                  placeholder="Europe/Berlin"
                  onChange={(e) => onChange({ ...schedule, defaultTimeZone: e.target.value })}
                  className="mt-1 block h-10 w-full rounded-md border border-slate-300 px-3 text-sm"
                />
              </label>
            )}
          </div>
        </Card>
        <Card title="Quiet hours">
          <label className="flex items-start gap-3 text-sm">
            <input
              type="checkbox"
              checked={schedule.quietHours !== null}
              onChange={(e) => onChange({ ...schedule, quietHours: e.target.checked ? { from: "22:00", to: "08:00" } : null })}
              className="mt-0.5 accent-brand-600"
            />
            <span>
              <span className="font-medium text-slate-900">Don’t send at night</span>
              <span className="block text-xs text-slate-500">Messages that would arrive between these times of the recipient’s day wait until the end of them.</span>
            </span>
          </label>
          {schedule.quietHours && (
            <div className="ml-7 mt-2 grid grid-cols-2 gap-2">
              <label className="text-sm font-medium text-slate-700">
                From
                <input type="time" value={schedule.quietHours.from} onChange={(e) => e.target.value && onChange({ ...schedule, quietHours: { ...schedule.quietHours!, from: e.target.value } })} className="mt-1 block h-10 w-full rounded-md border border-slate-300 px-3 text-sm" />
              </label>
              <label className="text-sm font-medium text-slate-700">
                To
                <input type="time" value={schedule.quietHours.to} onChange={(e) => e.target.value && onChange({ ...schedule, quietHours: { ...schedule.quietHours!, to: e.target.value } })} className="mt-1 block h-10 w-full rounded-md border border-slate-300 px-3 text-sm" />
              </label>
            </div>
          )}
        </Card>
        <ProblemList problems={problems} showStep={false} />
      </div>

      <Card title="Speed">
        <p className="text-sm text-slate-600">
          Telegram lets a bot send about <strong>30 messages per second</strong>, and one per second to the same chat. Tagflow stays just under it,
          so nobody is rate-limited.
        </p>
        <label className="mt-4 flex items-start gap-3 text-sm">
          <input type="checkbox" checked={speed.paidBroadcast} onChange={(e) => onSpeed({ paidBroadcast: e.target.checked, ratePerSecond: e.target.checked ? Math.max(speed.ratePerSecond, 100) : 30 })} className="mt-0.5 accent-brand-600" />
          <span>
            <span className="font-medium text-slate-900">Paid broadcast</span>
            <span className="block text-xs text-slate-500">
              Up to 1,000 messages per second with <code>allow_paid_broadcast</code>. Telegram charges Stars from the bot’s balance for messages
              above the free limit; the bot needs enough Stars.
            </span>
          </span>
        </label>
        <div className="mt-3 flex items-center gap-2 pl-7 text-sm text-slate-700">
          <label htmlFor={rateId}>Rate</label>
          <NumberInput id={rateId} min={1} max={speed.paidBroadcast ? 1000 : 30} disabled={!speed.paidBroadcast} value={speed.paidBroadcast ? speed.ratePerSecond : Math.min(30, speed.ratePerSecond)} onValue={(v) => onSpeed({ ...speed, ratePerSecond: v })} className="w-24" />
          <span>messages per second</span>
        </div>
      </Card>
    </div>
  );
}
