import Link from "next/link";
import { tableFeatures, rowSortingFeature, rowPaginationFeature, rowSelectionFeature, type ColumnDef } from "@tanstack/react-table";
import type { TUserRow } from "@/lib/users/list-users";
import { Badge } from "../ui/card";
import { RelativeTime } from "../ui/time";

/** Columns that give way on narrower screens (below lg / xl), so Tags and the dates stay on screen. */
export const COLUMN_CLASS: Record<string, string> = {
  languageCode: "hidden xl:table-cell",
  source: "hidden lg:table-cell",
  firstSeenAt: "hidden lg:table-cell",
};

/** At most this many tag badges in a row; the rest are counted ("+3"), all named on hover. */
const TAGS_SHOWN = 3;

export const userTableFeatures = tableFeatures({ rowSortingFeature, rowPaginationFeature, rowSelectionFeature });

export const userColumns: ColumnDef<typeof userTableFeatures, TUserRow>[] = [
  {
    id: "select",
    enableSorting: false,
    header: ({ table }) => (
      <input
        type="checkbox"
        aria-label="Select every user on this page"
        checked={table.getIsAllPageRowsSelected()}
        ref={(el) => {
          if (el) el.indeterminate = table.getIsSomePageRowsSelected() && !table.getIsAllPageRowsSelected();
        }}
        onChange={table.getToggleAllPageRowsSelectedHandler()}
      />
    ),
    cell: ({ row }) => (
      <input type="checkbox" aria-label={`Select ${row.original.name}`} checked={row.getIsSelected()} onChange={row.getToggleSelectedHandler()} />
    ),
  },
  {
    id: "firstName",
    accessorKey: "name",
    header: "Name",
    cell: ({ row }) => (
      <Link href={`/users/${row.original.id}`} className="font-medium text-slate-900 hover:text-brand-700 hover:underline">
        {row.original.name}
        {row.original.isPremium && <span className="ml-1 text-amber-500" title="Telegram Premium">★</span>}
      </Link>
    ),
  },
  {
    id: "username",
    accessorKey: "username",
    header: "Username",
    cell: ({ row }) => (row.original.username ? <span className="text-slate-600">@{row.original.username}</span> : <span className="text-slate-400">—</span>),
  },
  {
    id: "source",
    accessorKey: "source",
    header: "Source",
    cell: ({ row }) => (row.original.source ? <code className="rounded bg-slate-100 px-1.5 py-0.5 text-xs" data-testid="user-source">{row.original.source}</code> : <span className="text-slate-400">direct</span>),
  },
  { id: "languageCode", accessorKey: "languageCode", header: "Language", cell: ({ row }) => row.original.languageCode ?? "—" },
  {
    id: "tags",
    header: "Tags",
    enableSorting: false,
    cell: ({ row }) => {
      const tags = row.original.tags;
      const hidden = tags.slice(TAGS_SHOWN);
      return (
        <div className="flex max-w-72 flex-wrap gap-1" data-testid="user-tags" title={tags.map((t) => t.name).join(", ") || undefined}>
          {tags.slice(0, TAGS_SHOWN).map((t) => <Badge key={t.name} color={t.color} className="max-w-32 truncate">{t.name}</Badge>)}
          {hidden.length > 0 && <Badge className="bg-slate-100 text-slate-600"><span className="sr-only">{hidden.map((t) => t.name).join(", ")}, </span>+{hidden.length}</Badge>}
          {row.original.blocked && <Badge className="bg-red-100 text-red-700">blocked</Badge>}
        </div>
      );
    },
  },
  { id: "firstSeenAt", accessorKey: "firstSeenAt", header: "First seen", cell: ({ row }) => <RelativeTime compact iso={row.original.firstSeenAt} /> },
  { id: "lastSeenAt", accessorKey: "lastSeenAt", header: "Last seen", cell: ({ row }) => <RelativeTime compact iso={row.original.lastSeenAt} /> },
];
