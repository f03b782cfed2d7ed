// The browser's calls to tag one user and untag them (the inbox side panel, the profile).
import { fetchJson } from "../ui/fetch-json";

export type TTagRef = { tagId: string } | { name: string };

/** Adds a tag (an existing one by id, or by name, created if new); resolves to the tag's name. */
export async function addUserTag(userId: string, ref: TTagRef): Promise<string> {
  const r = await fetchJson<{ tag: { name: string } }>(`/api/users/${userId}/tags`, { method: "POST", json: ref });
  return r.tag.name;
}

export async function removeUserTag(userId: string, tagId: string): Promise<void> {
  await fetchJson(`/api/users/${userId}/tags?tagId=${encodeURIComponent(tagId)}`, { method: "DELETE" });
}
