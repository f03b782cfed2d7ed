"use client";
// The users a segment selects (a sample of the newest-seen), as the builder edits it. It fits
// the builder's column at 900 px and up; it scrolls sideways inside its own card only beyond.
import Link from "next/link";
import { useTable, tableFeatures, type ColumnDef } from "@tanstack/react-table";
import { RelativeTime } from "../ui/time";

export type TSampleRow = {
  id: string;
  telegramId: string;
  name: string;
  username: string | null;
  languageCode: string | null;
  source: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  blocked: boolean;
};

const features = tableFeatures({});

const none = <span className="text-slate-400">—</span>;

// Short columns never wrap; the name (with the @username under it) takes what is left.
const columns: ColumnDef<typeof features, TSampleRow>[] = [
  {
    id: "name",
    header: "Name",
    cell: ({ row }) => (
      <>
        <Link href={`/users/${row.original.id}`} className="font-medium text-slate-900 hover:text-brand-700 hover:underline">
          {row.original.name}
        </Link>
        {row.original.username && <span className="block text-xs text-slate-500">@{row.original.username}</span>}
      </>
    ),
  },
  { id: "language", header: "Lang", cell: ({ row }) => row.original.languageCode ?? none },
  { id: "source", header: "Source", cell: ({ row }) => row.original.source ?? none },
  { id: "lastSeen", header: "Last seen", cell: ({ row }) => <RelativeTime iso={row.original.lastSeenAt} compact /> },
  { id: "status", header: "Status", cell: ({ row }) => (row.original.blocked ? <span className="text-red-600">blocked</span> : "reachable") },
];

const NOWRAP = new Set(["language", "source", "lastSeen", "status"]);

export function PreviewTable({ rows, total }: { rows: TSampleRow[]; total: number }) {
  const table = useTable({ features, columns, data: rows, getRowId: (r) => r.id });
  if (rows.length === 0) {
    return <p className="rounded-md border border-dashed border-slate-300 p-6 text-center text-sm text-slate-500">No user matches these rules yet.</p>;
  }
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm" data-testid="segment-preview">
        <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          {table.getHeaderGroups().map((hg) => (
            <tr key={hg.id}>
              {hg.headers.map((h) => (
                <th key={h.id} className="whitespace-nowrap px-3 py-2 font-medium">
                  {h.isPlaceholder ? null : <table.FlexRender header={h} />}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody className="divide-y divide-slate-100">
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} data-testid="segment-preview-row">
              {row.getAllCells().map((cell) => (
                <td key={cell.id} className={NOWRAP.has(cell.column.id) ? "whitespace-nowrap px-3 py-2" : "px-3 py-2"}>
                  <table.FlexRender cell={cell} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {total > rows.length && (
        <p className="border-t border-slate-100 px-3 py-2 text-xs text-slate-500">
          Showing the {rows.length} most recently seen of {total.toLocaleString("en-US")} users.
        </p>
      )}
    </div>
  );
}
