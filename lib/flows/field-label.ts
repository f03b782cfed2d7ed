// A node field's path as the inspector's form names it: "options[1].label" → "Option 2 label",
// "buttons[0][1].url" → "Row 1 button 2 link", "retryText" → "Retry text". Errors in the
// problems list and on the canvas then point at what the writer sees, not at the JSON.

const WORDS: Record<string, string> = { url: "link", text: "text", label: "label", retryText: "retry text" };

function words(key: string): string {
  return WORDS[key] ?? key.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

function singular(key: string): string {
  const w = words(key);
  return w.endsWith("ies") ? `${w.slice(0, -3)}y` : w.endsWith("s") ? w.slice(0, -1) : w;
}

export function fieldLabel(path: readonly PropertyKey[]): string {
  const parts: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const p = path[i];
    const n1 = path[i + 1];
    const n2 = path[i + 2];
    if (typeof p === "string" && typeof n1 === "number" && typeof n2 === "number") {
      parts.push(`row ${n1 + 1} ${singular(p)} ${n2 + 1}`);
      i += 2;
    } else if (typeof p === "string" && typeof n1 === "number") {
      parts.push(`${singular(p)} ${n1 + 1}`);
      i += 1;
    } else if (typeof p === "number") parts.push(`#${p + 1}`);
    else parts.push(words(String(p)));
  }
  const out = parts.join(" ");
  return out.charAt(0).toUpperCase() + out.slice(1);
}
