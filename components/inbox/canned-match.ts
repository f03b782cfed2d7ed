// Which canned replies the composer suggests for what the agent typed. The list is
// open while the text is a single "/word" (no space); null means closed.
export type TCanned = { id: string; shortcut: string; text: string };

export const CANNED_SHOWN = 5;

/** The shortcut being typed ("/tha" → "tha"), or null when the text is not one. */
export function cannedQuery(text: string): string | null {
  return text.startsWith("/") && !/\s/.test(text) ? text.slice(1).toLowerCase() : null;
}

export function matchCanned(text: string, items: TCanned[]): TCanned[] | null {
  const q = cannedQuery(text);
  if (q === null) return null;
  return items.filter((c) => c.shortcut.startsWith(q)).slice(0, CANNED_SHOWN);
}

/** Up/Down move the highlight round the list. */
export function moveHighlight(current: number, count: number, by: 1 | -1): number {
  if (count === 0) return 0;
  return (current + by + count) % count;
}
