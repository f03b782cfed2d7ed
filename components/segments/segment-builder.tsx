"use client";
// The segment builder: the rule tree on the left, the exact live count and the matching
// users beside it; save as a dynamic segment or freeze a static snapshot.
import { useEffect, useMemo, useState } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import type { TGroupRule } from "@/lib/segments/rules";
import type { TRuleOptions } from "@/lib/segments/list-rule-options";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { Field, Input, Select } from "../ui/input";
import { fetchJson, ApiError } from "../ui/fetch-json";
import { RuleGroup, type TIssue } from "./rule-group";
import { PreviewTable } from "./preview-table";
import { useLiveCount } from "./use-live-count";
import { newGroup, stripIds, withIds } from "./rule-defaults";

export type TBuilderSegment = { id: string; botId: string; name: string; description: string | null; kind: "DYNAMIC" | "STATIC"; rules: TGroupRule; frozenAt: string | null; lastCount: number | null };

const EMPTY_OPTIONS: TRuleOptions = { tags: [], events: [], attributes: [], sources: [], languages: [], segments: [], campaigns: [] };

export function SegmentBuilder({ bots, segment, canEdit }: { bots: { id: string; username: string }[]; segment: TBuilderSegment | null; canEdit: boolean }) {
  const router = useRouter();
  const [botId, setBotId] = useState(segment?.botId ?? bots[0]?.id ?? "");
  const [name, setName] = useState(segment?.name ?? "");
  const [description, setDescription] = useState(segment?.description ?? "");
  const [rules, setRules] = useState<TGroupRule>(() => (segment ? (withIds(segment.rules) as TGroupRule) : newGroup("and")));
  const [options, setOptions] = useState<TRuleOptions>(EMPTY_OPTIONS);
  const [saving, setSaving] = useState<null | "DYNAMIC" | "STATIC" | "refreeze">(null);
  const [saveIssues, setSaveIssues] = useState<TIssue[]>([]);
  const [nameError, setNameError] = useState<string | null>(null);
  const initial = useMemo(() => JSON.stringify(segment ? stripIds(withIds(segment.rules)) : stripIds(newGroup("and"))), [segment]);
  const cleanRules = useMemo(() => stripIds(rules) as TGroupRule, [rules]);
  const dirty = JSON.stringify(cleanRules) !== initial || name !== (segment?.name ?? "") || description !== (segment?.description ?? "");

  useEffect(() => {
    if (!botId) return;
    let live = true;
    fetchJson<TRuleOptions>(`/api/segments/options?botId=${encodeURIComponent(botId)}`)
      .then((o) => live && setOptions({ ...o, segments: o.segments.filter((s) => s.id !== segment?.id) }))
      .catch((e: unknown) => toast.error(e instanceof Error ? e.message : "Could not load tags and events."));
    return () => {
      live = false;
    };
  }, [botId, segment?.id]);

  useEffect(() => {
    if (!dirty || !canEdit) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty, canEdit]);

  const live = useLiveCount(botId, cleanRules, segment?.id);
  const shown = live.state === "done" ? live.result : live.state !== "idle" ? live.last : undefined;
  const issues: TIssue[] = live.state === "invalid" ? (live.issues.length > 0 ? live.issues : [{ path: "rules", message: live.message }]) : saveIssues;

  async function save(kind: "DYNAMIC" | "STATIC" | "refreeze") {
    setNameError(null);
    setSaveIssues([]);
    if (!name.trim()) {
      setNameError("Give the segment a name.");
      return;
    }
    setSaving(kind);
    try {
      if (segment && kind !== "STATIC") {
        const body = { name, description: description || null, rules: cleanRules, ...(kind === "refreeze" ? { refreeze: true } : {}) };
        await fetchJson(`/api/segments/${segment.id}`, { method: "PATCH", json: body });
        toast.success(kind === "refreeze" ? "Members frozen again." : "Segment saved.");
        router.refresh();
      } else {
        const res = await fetchJson<{ segment: { id: string; lastCount: number } }>("/api/segments", {
          method: "POST",
          json: { botId, name, description: description || undefined, kind: kind === "STATIC" ? "STATIC" : "DYNAMIC", rules: cleanRules },
        });
        toast.success(kind === "STATIC" ? `Static snapshot saved with ${res.segment.lastCount.toLocaleString("en-US")} users.` : "Segment saved.");
        router.push(`/segments/${res.segment.id}`);
      }
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) {
        const list = (e.details as { issues?: TIssue[] } | undefined)?.issues;
        setSaveIssues(list && list.length > 0 ? list : [{ path: "rules", message: e.message }]);
      }
      if (e instanceof ApiError && e.status === 409) setNameError(e.message);
      toast.error(e instanceof Error ? e.message : "Could not save the segment.");
    } finally {
      setSaving(null);
    }
  }

  return (
    <form
      className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_22rem]"
      onSubmit={(e) => {
        e.preventDefault();
        if (canEdit) void save(segment?.kind === "STATIC" ? "refreeze" : "DYNAMIC");
      }}
      onKeyDown={(e) => {
        if ((e.metaKey || e.ctrlKey) && e.key === "s" && canEdit) {
          e.preventDefault();
          void save(segment?.kind === "STATIC" ? "refreeze" : "DYNAMIC");
        }
      }}
    >
      <div className="space-y-4">
        <Card>
          <div className="grid gap-3 sm:grid-cols-2">
            <Field label="Name" htmlFor="segment-name" error={nameError}>
              <Input id="segment-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Engaged tech fans" disabled={!canEdit} maxLength={100} />
            </Field>
            <Field label="Bot" htmlFor="segment-bot" hint={segment ? "A segment stays with its bot." : undefined}>
              <Select id="segment-bot" value={botId} onChange={(e) => setBotId(e.target.value)} disabled={!!segment || !canEdit}>
                {bots.map((b) => (
                  <option key={b.id} value={b.id}>@{b.username}</option>
                ))}
              </Select>
            </Field>
            <div className="sm:col-span-2">
              <Field label="Description (optional)" htmlFor="segment-description">
                <Input id="segment-description" value={description} onChange={(e) => setDescription(e.target.value)} disabled={!canEdit} maxLength={500} />
              </Field>
            </div>
          </div>
        </Card>
        {segment?.kind === "STATIC" && (
          <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800 ring-1 ring-amber-200">
            A static segment: its {segment.lastCount?.toLocaleString("en-US") ?? ""} members were frozen
            {segment.frozenAt ? ` on ${new Date(segment.frozenAt).toLocaleString()}` : ""}. Editing the rules below changes the preview;
            “Freeze again” replaces the members with the users they select now.
          </p>
        )}
        <RuleGroup group={rules} onChange={setRules} options={options} issues={issues} readOnly={!canEdit} />
        <Card title="Matching users">
          {shown ? <PreviewTable rows={shown.sample} total={shown.count} /> : <p className="text-sm text-slate-500">Counting…</p>}
        </Card>
      </div>

      <div className="space-y-4 lg:sticky lg:top-4 lg:self-start">
        <Card title="Audience">
          <div className="flex items-baseline gap-2" aria-live="polite">
            <span className="text-4xl font-semibold tabular-nums text-slate-900" data-testid="segment-count">
              {shown ? shown.count.toLocaleString("en-US") : "—"}
            </span>
            <span className="text-sm text-slate-500">users</span>
            {live.state === "counting" && <span className="ml-auto size-4 animate-spin rounded-full border-2 border-brand-600 border-t-transparent" aria-label="Counting" data-testid="segment-counting" />}
          </div>
          <p className="mt-1 text-xs text-slate-500">
            {live.state === "done" && `Exact count, ${live.result.ms} ms.`}
            {live.state === "counting" && "Counting…"}
            {live.state === "invalid" && <span className="text-red-600">Fix the highlighted conditions: {live.message}</span>}
            {live.state === "error" && <span className="text-red-600">{live.message}</span>}
          </p>
          {canEdit && (
            <div className="mt-4 flex flex-wrap gap-2">
              {segment?.kind === "STATIC" ? (
                <Button type="button" loading={saving === "refreeze"} onClick={() => save("refreeze")}>Freeze again</Button>
              ) : (
                <Button type="submit" loading={saving === "DYNAMIC"} disabled={segment !== null && !dirty}>
                  {segment ? "Save changes" : "Save segment"}
                </Button>
              )}
              {!segment && (
                <Button type="button" variant="secondary" loading={saving === "STATIC"} onClick={() => save("STATIC")} title="Save the users who match now as a fixed list">
                  Freeze as static
                </Button>
              )}
            </div>
          )}
          {segment && (
            <div className="mt-3 flex flex-wrap gap-3 text-sm">
              <a className="text-brand-700 hover:underline" href={`/users?segment=${segment.id}`}>Open in Users</a>
              <a className="text-brand-700 hover:underline" href={`/api/users/export?segment=${segment.id}`}>Export CSV</a>
            </div>
          )}
        </Card>
      </div>
    </form>
  );
}
