/** A validation path as people read it: ["rules", "children", 2, "days"] → "rules.children[2].days". */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}
