/** Draft only; published and the draft is what runs; published with later draft changes. */
export type TFlowStatus = "draft" | "published" | "changed";

export function flowStatus(f: { draftRevision: number; publishedVersion: { draftRevision: number } | null }): TFlowStatus {
  if (!f.publishedVersion) return "draft";
  return f.draftRevision > f.publishedVersion.draftRevision ? "changed" : "published";
}
