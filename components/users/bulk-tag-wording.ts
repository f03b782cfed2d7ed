// Pure wording and thresholds of bulk tagging on the Users table (unit-tested).

/** Up to this many users a bulk tag change applies at once; more asks first. */
export const CONFIRM_ABOVE = 5;

export function needsConfirmation(count: number): boolean {
  return count > CONFIRM_ABOVE;
}

export function bulkTagMessage(action: "add" | "remove", r: { tag: { name: string }; changed: number; unchanged: number }): string {
  const verb = action === "add" ? "Tagged" : "Removed the tag from";
  const rest = r.unchanged ? `; ${r.unchanged.toLocaleString("en")} already ${action === "add" ? "had it" : "did not have it"}` : "";
  return `${verb} ${r.changed.toLocaleString("en")} user${r.changed === 1 ? "" : "s"} (“${r.tag.name}”)${rest}.`;
}
