// A part of the draft that fails its schema, said in the wizard's words: the place the
// form shows ("Variant B, row 1 button 2") instead of the API's path.
import type { z } from "zod";
import { formatPath } from "@/lib/errors/format-path";
import type { TDraft, TDraftKey } from "./draft";

type TIssue = z.core.$ZodIssue;

function place(key: TDraftKey, path: readonly PropertyKey[], draft: TDraft): string {
  if (key === "message" && path[0] === "variants" && typeof path[1] === "number") {
    const v = draft.message.variants[path[1]];
    const variant = draft.message.variants.length > 1 && v ? `Variant ${v.name}, ` : "";
    if (path[2] === "buttons" && typeof path[3] === "number" && typeof path[4] === "number") return `${variant}row ${path[3] + 1} button ${path[4] + 1}`;
    return `${variant}${String(path[2] ?? "message")}`;
  }
  if (key === "audience" && path[0] === "rules") return "a condition";
  return formatPath(path);
}

export function heldMessage(key: TDraftKey, issue: TIssue | undefined, draft: TDraft): string {
  if (!issue) return "not valid yet";
  const where = place(key, issue.path, draft);
  return where ? `${where}: ${issue.message}` : issue.message;
}
