"use client";
// What counts as a conversion for this campaign: an event within a window after the send
// (for the control group: after the launch). Replies and tags are always measured.
import { useId } from "react";
import type { TTracking } from "@/lib/campaigns/schemas";
import { Card } from "../../ui/card";
import { NumberInput } from "./number-input";

export function TrackingCard({ tracking, onChange, events }: { tracking: TTracking; onChange: (t: TTracking) => void; events: string[] }) {
  const eventId = useId();
  const listId = useId();
  const windowId = useId();
  return (
    <Card title="Measure">
      <p className="mb-3 text-sm text-slate-600">
        Clicks on the message’s buttons, replies within 24 hours and tags gained are measured for every campaign. Choose an event to count as
        a conversion, too:
      </p>
      <div className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_auto]">
        <div className="space-y-1">
          <label htmlFor={eventId} className="block text-sm font-medium text-slate-700">Conversion event</label>
          <input
            id={eventId}
            list={listId}
            value={tracking.conversionEvent ?? ""}
            maxLength={64}
            placeholder="none — e.g. purchase"
            onChange={(e) => onChange({ ...tracking, conversionEvent: e.target.value.trim() ? e.target.value : null })}
            className="h-10 w-full rounded-md border border-slate-300 px-3 text-sm"
          />
          <datalist id={listId}>{events.map((e) => <option key={e} value={e} />)}</datalist>
        </div>
        <div className="space-y-1">
          <label htmlFor={windowId} className="block text-sm font-medium text-slate-700">Within (hours)</label>
          <NumberInput id={windowId} min={1} max={720} value={tracking.conversionWindowHours} onValue={(h) => onChange({ ...tracking, conversionWindowHours: h })} className="h-10 w-28" />
        </div>
      </div>
    </Card>
  );
}
