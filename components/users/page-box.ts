// The Users table's page box, as a pure function (unit-tested).

/** What the page box does with what was typed: go to a page (clamped to 1…last), or explain. */
export function pageBoxTarget(typed: string, pageCount: number): { page: number; message: string | null } | { page: null; message: string } {
  const n = Number(typed.trim());
  if (typed.trim() === "" || !Number.isInteger(n)) return { page: null, message: `Enter a page number from 1 to ${pageCount}.` };
  if (n < 1) return { page: 1, message: null };
  if (n > pageCount) return { page: pageCount, message: `There ${pageCount === 1 ? "is only 1 page" : `are only ${pageCount} pages`}: showing the last one.` };
  return { page: n, message: null };
}
