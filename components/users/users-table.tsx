"use client";
import { useEffect, useState, useTransition } from "react";
import { usePathname, useRouter } from "next/navigation";
import { useTable, type SortingState, type PaginationState, type RowSelectionState, type Updater } from "@tanstack/react-table";
import type { TUserList } from "@/lib/users/list-users";
import type { TListUsers } from "@/lib/users/schemas";
import { COLUMN_CLASS, userColumns, userTableFeatures } from "./users-columns";
import { UsersToolbar, type TFilterOptions } from "./users-toolbar";
import { BulkTagBar } from "./bulk-tag-bar";
import { pageBoxTarget } from "./page-box";
import { Button } from "../ui/button";
import { cn } from "../ui/cn";

const resolve = <T,>(u: Updater<T>, old: T): T => (typeof u === "function" ? (u as (o: T) => T)(old) : u);

export function UsersTable({ list, query: asked, options, canExport }: { list: TUserList; query: TListUsers; options: TFilterOptions; canExport: boolean }) {
  // The server shows the last page for a page past the end (?page=999): follow it.
  const query = asked.page === list.page ? asked : { ...asked, page: list.page };
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();

  function navigate(patch: Partial<Record<keyof TListUsers, string | number | undefined>>) {
    const next = new URLSearchParams();
    const merged = { ...query, ...patch };
    for (const [k, v] of Object.entries(merged)) if (v !== undefined && v !== "") next.set(k, String(v));
    if (!("page" in patch)) next.set("page", "1");
    startTransition(() => router.replace(`${pathname}?${next.toString()}`, { scroll: false }));
  }

  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  // A new page, filter or sort starts with nothing selected. The page also refreshes itself
  // (AutoRefresh): that keeps the selection, less any row no longer shown.
  const queryKey = JSON.stringify(query);
  useEffect(() => setRowSelection({}), [queryKey]);
  useEffect(() => {
    const shown = new Set(list.rows.map((r) => r.id));
    setRowSelection((old) => (Object.keys(old).every((id) => shown.has(id)) ? old : Object.fromEntries(Object.entries(old).filter(([id]) => shown.has(id)))));
  }, [list]);

  const sorting: SortingState = [{ id: query.sort, desc: query.dir === "desc" }];
  const pagination: PaginationState = { pageIndex: query.page - 1, pageSize: query.pageSize };
  const table = useTable({
    features: userTableFeatures,
    columns: userColumns,
    data: list.rows,
    getRowId: (row) => row.id,
    state: { sorting, pagination, rowSelection },
    enableRowSelection: true,
    onRowSelectionChange: (u) => setRowSelection((old) => resolve(u, old)),
    manualSorting: true,
    manualPagination: true,
    rowCount: list.total,
    enableSortingRemoval: false,
    onSortingChange: (u) => {
      const s = resolve(u, sorting)[0];
      if (s) navigate({ sort: s.id, dir: s.desc ? "desc" : "asc" });
    },
    onPaginationChange: (u) => {
      const p = resolve(u, pagination);
      navigate({ page: p.pageIndex + 1, pageSize: p.pageSize });
    },
  });

  const pageCount = Math.max(1, Math.ceil(list.total / query.pageSize));
  const [pageInput, setPageInput] = useState(String(query.page));
  const [pageMessage, setPageMessage] = useState<string | null>(null);
  const pastEnd = asked.page > list.page ? `Page ${asked.page} does not exist: showing the last page, ${list.page}.` : null;
  useEffect(() => setPageInput(String(query.page)), [query.page]);
  const selectedIds = Object.keys(rowSelection).filter((id) => rowSelection[id]);
  const { q, botId, tag, source, lastSeen, segment } = query;

  return (
    <div className="space-y-3">
      <UsersToolbar query={query} options={options} onChange={navigate} total={list.total} pending={pending} canExport={canExport} />
      <BulkTagBar
        selectedIds={selectedIds}
        pageAllSelected={list.rows.length > 0 && selectedIds.length === list.rows.length}
        total={list.total}
        filter={{ q, botId, tag, source, lastSeen, segment }}
        onDone={() => {
          setRowSelection({});
          startTransition(() => router.refresh());
        }}
      />
      <div className={cn("overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm transition-opacity", pending && "opacity-60")}>
        <table className="w-full text-left text-sm" data-testid="users-table">
          <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
            {table.getHeaderGroups().map((hg) => (
              <tr key={hg.id}>
                {hg.headers.map((h) => {
                  const sorted = h.column.getIsSorted();
                  return (
                    <th key={h.id} className={cn("whitespace-nowrap px-3 py-2 font-medium", COLUMN_CLASS[h.column.id])} aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}>
                      {h.column.getCanSort() ? (
                        <button type="button" className="inline-flex items-center gap-1 uppercase hover:text-slate-800" onClick={h.column.getToggleSortingHandler()}>
                          <table.FlexRender header={h} />
                          <span aria-hidden>{sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}</span>
                        </button>
                      ) : (
                        <table.FlexRender header={h} />
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody className="divide-y divide-slate-100">
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id} className="hover:bg-slate-50" data-testid="user-row">
                {row.getAllCells().map((cell) => (
                  <td key={cell.id} className={cn("px-3 py-2", cell.column.id === "tags" ? "min-w-32" : "whitespace-nowrap", COLUMN_CLASS[cell.column.id])}><table.FlexRender cell={cell} /></td>
                ))}
              </tr>
            ))}
            {list.rows.length === 0 && (
              <tr><td colSpan={userColumns.length} className="px-3 py-10 text-center text-slate-500">No users match these filters.</td></tr>
            )}
          </tbody>
        </table>
      </div>
      <div className="flex flex-wrap items-center justify-between gap-3 text-sm text-slate-600">
        <span>
          {list.total === 0 ? "0 users" : `${((query.page - 1) * query.pageSize + 1).toLocaleString("en")}–${Math.min(query.page * query.pageSize, list.total).toLocaleString("en")} of ${list.total.toLocaleString("en")}`}
        </span>
        <div className="flex items-center gap-2">
          <Button size="sm" variant="secondary" disabled={!table.getCanPreviousPage()} onClick={() => table.previousPage()}>Previous</Button>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              const target = pageBoxTarget(pageInput, pageCount);
              setPageMessage(target.message);
              if (target.page === null) return;
              setPageInput(String(target.page));
              if (target.page !== query.page) navigate({ page: target.page });
            }}
            className="flex items-center gap-1"
          >
            <label htmlFor="page" className="sr-only">Page</label>
            <input id="page" value={pageInput} onChange={(e) => (setPageInput(e.target.value), setPageMessage(null))} inputMode="numeric" aria-describedby="page-message" className="h-8 w-14 rounded border border-slate-300 text-center" />
            <span>of {pageCount}</span>
          </form>
          <Button size="sm" variant="secondary" disabled={!table.getCanNextPage()} onClick={() => table.nextPage()}>Next</Button>
        </div>
        {(pageMessage ?? pastEnd) && <p id="page-message" role="status" className="w-full text-right text-amber-700">{pageMessage ?? pastEnd}</p>}
      </div>
    </div>
  );
}
