"use client";
// The segment builder: the rule tree on the left, the exact live count and the matching
// users beside it; save as a dynamic segment or freeze a static snapshot.
import { useEffect, useMemo, useState, type KeyboardEvent } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import type { TGroupRule } from "@/lib/segments/rules";
import type { TRuleOptions } from "@/lib/segments/list-rule-options";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { Field, Input, Select } from "../ui/input";
import { cn } from "../ui/cn";
import { fetchJson, ApiError } from "../ui/fetch-json";
import { ConfirmDialog } from "../ui/dialog";
import { useDeleteRow } from "../ui/use-delete-row";
import { useLeaveGuard } from "../ui/use-leave-guard";
import { RuleGroup, type TIssue } from "./rule-group";
import { PreviewTable } from "./preview-table";
import { useLiveCount } from "./use-live-count";
import { isPristine, newGroup, nodeAtPath, stripIds, withIds } from "./rule-defaults";

export type TBuilderSegment = { id: string; botId: string; name: string; description: string | null; kind: "DYNAMIC" | "STATIC"; rules: TGroupRule; frozenAt: string | null; lastCount: number | null; memberCount?: number | null };

const EMPTY_OPTIONS: TRuleOptions = { tags: [], events: [], attributes: [], sources: [], languages: [], segments: [], campaigns: [] };

export function SegmentBuilder({ bots, segment, canEdit }: { bots: { id: string; username: string }[]; segment: TBuilderSegment | null; canEdit: boolean }) {
  const router = useRouter();
  const [botId, setBotId] = useState(segment?.botId ?? bots[0]?.id ?? "");
  const [name, setName] = useState(segment?.name ?? "");
  const [description, setDescription] = useState(segment?.description ?? "");
  const [rules, setRules] = useState<TGroupRule>(() => (segment ? (withIds(segment.rules) as TGroupRule) : newGroup("and")));
  const [options, setOptions] = useState<TRuleOptions>(EMPTY_OPTIONS);
  const [saving, setSaving] = useState<null | "DYNAMIC" | "STATIC" | "refreeze" | "details">(null);
  // After a save attempt, conditions not filled in yet show their errors too (until then, hints).
  const [showAll, setShowAll] = useState(false);
  const [confirmRefreeze, setConfirmRefreeze] = useState(false);
  const [saveIssues, setSaveIssues] = useState<TIssue[]>([]);
  const [nameError, setNameError] = useState<string | null>(null);
  const initial = useMemo(() => JSON.stringify(segment ? stripIds(withIds(segment.rules)) : stripIds(newGroup("and"))), [segment]);
  const cleanRules = useMemo(() => stripIds(rules) as TGroupRule, [rules]);
  const detailsDirty = name !== (segment?.name ?? "") || description !== (segment?.description ?? "");
  const rulesDirty = JSON.stringify(cleanRules) !== initial;
  const dirty = rulesDirty || detailsDirty;
  const isStatic = segment?.kind === "STATIC";
  const del = useDeleteRow<{ id: string; name: string }>({
    url: (s) => `/api/segments/${s.id}`,
    done: (s) => `Deleted "${s.name}".`,
    failure: "Could not delete the segment.",
    deleted: () => {
      router.push("/segments");
      router.refresh();
    },
  });

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

  // Unsaved edits: the browser asks before a reload or closing the tab, and the console
  // before a link inside it (the sidebar, "Open in Users") leaves the page.
  useLeaveGuard(dirty && canEdit ? "Leave this segment? Your unsaved changes will be lost." : null);

  const live = useLiveCount(botId, cleanRules, segment?.id);
  const shown = live.state === "done" ? live.result : live.state !== "idle" ? live.last : undefined;
  const rawIssues: TIssue[] = live.state === "invalid" ? (live.issues.length > 0 ? live.issues : [{ path: "rules", message: live.message }]) : saveIssues;
  const issues = rawIssues.map((i) => {
    const node = nodeAtPath(rules, i.path);
    return { ...i, soft: !showAll && node !== null && isPristine(node) };
  });
  const onlyHints = issues.length > 0 && issues.every((i) => i.soft);
  const stale = live.state === "invalid" || live.state === "error";

  async function save(kind: "DYNAMIC" | "STATIC" | "refreeze" | "details") {
    setNameError(null);
    setSaveIssues([]);
    setShowAll(true);
    if (!name.trim()) {
      setNameError("Give the segment a name.");
      return;
    }
    setSaving(kind);
    try {
      if (segment && kind !== "STATIC") {
        // A static segment's name and description are saved alone: its rules only change with its members.
        const body =
          kind === "details"
            ? { name, description: description || null }
            : { name, description: description || null, rules: cleanRules, ...(kind === "refreeze" ? { refreeze: true } : {}) };
        const res = await fetchJson<{ segment: { lastCount: number | null } }>(`/api/segments/${segment.id}`, { method: "PATCH", json: body });
        toast.success(
          kind === "refreeze"
            ? `Members frozen again: ${(res.segment.lastCount ?? 0).toLocaleString("en-US")} users.`
            : kind === "details"
              ? "Name and description saved."
              : "Segment saved.",
        );
        setShowAll(false);
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
      const issues = e instanceof ApiError && e.status === 400 ? ((e.details as { issues?: TIssue[] } | undefined)?.issues ?? []) : null;
      if (issues && e instanceof ApiError) setSaveIssues(issues.length > 0 ? issues : [{ path: "rules", message: e.message }]);
      if (e instanceof ApiError && e.status === 409) setNameError(e.message);
      const ruleProblem = issues?.[0]?.path.startsWith("rules") ?? false;
      toast.error(ruleProblem ? "Not saved: fix the conditions marked in red." : e instanceof Error ? e.message : "Could not save the segment.");
    } finally {
      setSaving(null);
    }
  }

  const mainSave = isStatic ? "details" : "DYNAMIC";
  /** Enter in a condition's field must not save the segment (Enter adds a tag, picks a value…). */
  function onFormKeyDown(e: KeyboardEvent<HTMLFormElement>) {
    if ((e.metaKey || e.ctrlKey) && e.key === "s" && canEdit) {
      e.preventDefault();
      void save(mainSave);
    } else if (e.key === "Enter" && (e.target as HTMLElement).closest("[data-rule-tree]")) {
      e.preventDefault();
    }
  }

  const frozen = segment?.memberCount ?? segment?.lastCount ?? 0;
  return (
    <form
      className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_22rem]"
      onSubmit={(e) => {
        e.preventDefault();
        if (canEdit && (!isStatic || detailsDirty)) void save(mainSave);
      }}
      onKeyDown={onFormKeyDown}
    >
      <div className="min-w-0 space-y-4">
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
        {isStatic && (
          <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800 ring-1 ring-amber-200">
            A static segment: its {frozen.toLocaleString("en-US")} members were frozen
            {segment?.frozenAt ? ` on ${new Date(segment.frozenAt).toLocaleString()}` : ""}. The rules below are the ones they were frozen from;
            editing them changes the preview only, until you choose “Freeze again”.
          </p>
        )}
        <div data-rule-tree>
          <RuleGroup group={rules} onChange={setRules} options={options} issues={issues} readOnly={!canEdit} />
        </div>
        <Card title={isStatic ? "Users the rules select now" : "Matching users"}>
          {shown ? (
            <div className={cn(stale && "opacity-50")}>
              <PreviewTable rows={shown.sample} total={shown.count} />
            </div>
          ) : (
            <p className="text-sm text-slate-500">Counting…</p>
          )}
        </Card>
      </div>

      <div className="order-first space-y-4 lg:sticky lg:top-4 lg:order-none lg:self-start">
        <Card title="Audience">
          {isStatic && (
            <div className="mb-3 border-b border-slate-100 pb-3">
              <div className="flex items-baseline gap-2">
                <span className="text-4xl font-semibold tabular-nums text-slate-900" data-testid="segment-members">
                  {frozen.toLocaleString("en-US")}
                </span>
                <span className="text-sm text-slate-500">frozen members</span>
              </div>
              <p className="mt-1 text-xs text-slate-500">The rules select, right now:</p>
            </div>
          )}
          <div className="flex items-baseline gap-2" aria-live="polite">
            <span
              className={cn("font-semibold tabular-nums", isStatic ? "text-2xl" : "text-4xl", stale ? "text-slate-400" : "text-slate-900")}
              data-testid="segment-count"
              title={stale ? "The last count of valid conditions" : undefined}
            >
              {shown ? shown.count.toLocaleString("en-US") : "—"}
            </span>
            <span className="text-sm text-slate-500">users</span>
            {live.state === "counting" && <span className="ml-auto size-4 animate-spin rounded-full border-2 border-brand-600 border-t-transparent" aria-label="Counting" data-testid="segment-counting" />}
          </div>
          <p className="mt-1 text-xs text-slate-500">
            {live.state === "done" && `Exact count, ${live.result.ms} ms.`}
            {live.state === "counting" && "Counting…"}
            {live.state === "invalid" &&
              (onlyHints ? (
                <span>Finish the new condition to count{shown ? " (the number above is the count before it)" : ""}.</span>
              ) : (
                <span className="text-red-600">Fix the conditions marked in red{shown ? "; the number above is the last valid count" : ""}.</span>
              ))}
            {live.state === "error" && <span className="text-red-600">{live.message}</span>}
          </p>
          {canEdit && (
            <div className="mt-4 flex flex-wrap gap-2">
              {isStatic ? (
                <>
                  <Button type="submit" variant="secondary" loading={saving === "details"} disabled={!detailsDirty}>
                    Save name and description
                  </Button>
                  <Button type="button" loading={saving === "refreeze"} onClick={() => setConfirmRefreeze(true)}>
                    Freeze again…
                  </Button>
                </>
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
            <div className="mt-3 flex flex-wrap items-center gap-3 text-sm">
              <a className="text-brand-700 hover:underline" href={`/users?segment=${segment.id}`}>Open in Users</a>
              <a className="text-brand-700 hover:underline" href={`/api/users/export?segment=${segment.id}`}>Export CSV</a>
              {canEdit && (
                <button type="button" className="ml-auto text-red-600 hover:underline" onClick={() => del.setDeleting({ id: segment.id, name: segment.name })}>
                  Delete…
                </button>
              )}
            </div>
          )}
        </Card>
      </div>
      {segment && (
        <>
          <ConfirmDialog
            open={confirmRefreeze}
            title="Freeze the members again?"
            confirmLabel="Replace the members"
            busy={saving === "refreeze"}
            onCancel={() => setConfirmRefreeze(false)}
            onConfirm={() => {
              setConfirmRefreeze(false);
              void save("refreeze");
            }}
          >
            The {frozen.toLocaleString("en-US")} frozen members of “{segment.name}” will be replaced by the
            {shown && !stale ? ` ${shown.count.toLocaleString("en-US")}` : ""} users the rules select now
            {rulesDirty ? " (with the rules as edited here)" : ""}. Campaigns already sent keep their recipients.
          </ConfirmDialog>
          <ConfirmDialog
            open={del.deleting !== null}
            title={`Delete “${segment.name}”?`}
            confirmLabel="Delete segment"
            danger
            busy={del.busy}
            error={del.error}
            onCancel={() => del.setDeleting(null)}
            onConfirm={() => void del.remove()}
          >
            The segment and its size history are removed. Users, tags and sent campaigns are not affected. A segment another segment uses cannot be deleted.
          </ConfirmDialog>
        </>
      )}
    </form>
  );
}
