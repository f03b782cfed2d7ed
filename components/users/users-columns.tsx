import Link from "next/link";
import { tableFeatures, rowSortingFeature, rowPaginationFeature, rowSelectionFeature, type ColumnDef } from "@tanstack/react-table";
import type { TUserRow } from "@/lib/users/list-users";
import { Badge } from "../ui/card";
import { RelativeTime } from "../ui/time";

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
    cell: ({ row }) => (
      <div className="flex flex-wrap gap-1" data-testid="user-tags">
        {row.original.tags.map((t) => <Badge key={t.name} color={t.color}>{t.name}</Badge>)}
        {row.original.blocked && <Badge className="bg-red-100 text-red-700">blocked</Badge>}
      </div>
    ),
  },
  { id: "firstSeenAt", accessorKey: "firstSeenAt", header: "First seen", cell: ({ row }) => <RelativeTime iso={row.original.firstSeenAt} /> },
  { id: "lastSeenAt", accessorKey: "lastSeenAt", header: "Last seen", cell: ({ row }) => <RelativeTime iso={row.original.lastSeenAt} /> },
];
