"use client";
// The profile's Tags card: each tag with who applied it, how and when; agents add and
// remove tags here with the same picker and API as the inbox's side panel.
import { useState } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Badge } from "../ui/card";
import { RelativeTime } from "../ui/time";
import { TagPicker } from "../tags/tag-picker";
import { ApiError } from "../ui/fetch-json";
import { addUserTag, removeUserTag, type TTagRef } from "../tags/user-tags-api";

type TProfileTag = { id: string; name: string; color: string; via: string; by: string | null; appliedAt: string };

export function ProfileTags({ userId, userName, tags, canTag }: { userId: string; userName: string; tags: TProfileTag[]; canTag: boolean }) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);

  async function add(ref: TTagRef, name: string) {
    try {
      await addUserTag(userId, ref);
      toast.success(`Tagged ${userName} with “${name}”.`);
      router.refresh();
    } catch (e) {
      toast.error(e instanceof ApiError ? e.message : "Could not add the tag.");
    }
  }

  async function remove(t: TProfileTag) {
    setBusy(t.id);
    try {
      await removeUserTag(userId, t.id);
      toast.success(`Removed “${t.name}” from ${userName}.`);
      router.refresh();
    } catch (e) {
      toast.error(e instanceof ApiError ? e.message : "Could not remove the tag.");
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="space-y-3">
      {tags.length === 0 ? <p className="text-sm text-slate-500">No tags yet.</p> : (
        <ul className="space-y-2 text-sm" data-testid="profile-tags">
          {tags.map((t) => (
            <li key={t.id} className="flex items-center justify-between gap-2" data-testid="profile-tag">
              <span className="flex items-center gap-1">
                <Badge color={t.color}>{t.name}</Badge>
                {canTag && (
                  <button type="button" aria-label={`Remove tag ${t.name}`} disabled={busy === t.id} onClick={() => void remove(t)} className="rounded px-1 text-slate-400 hover:bg-red-50 hover:text-red-700 disabled:opacity-50">×</button>
                )}
              </span>
              <span className="text-xs text-slate-500">{t.via.toLowerCase()}{t.by ? ` · ${t.by}` : ""} · <RelativeTime iso={t.appliedAt} /></span>
            </li>
          ))}
        </ul>
      )}
      {canTag && <TagPicker existing={tags.map((t) => t.name)} onAdd={add} />}
    </div>
  );
}
