import type { Metadata } from "next";
import { PageHeader, EmptyState } from "@/components/ui/card";
import { UsersTable } from "@/components/users/users-table";
import { AutoRefresh } from "@/components/layout/auto-refresh";
import { LiveTagsRefresh } from "@/components/users/live-tags-refresh";
import { requirePagePermission } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { listUsers } from "@/lib/users/list-users";
import { listFilterOptions } from "@/lib/users/list-filter-options";
import { ZListUsers, searchParamsToObject } from "@/lib/users/schemas";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const staff = await requirePagePermission("users:read");
  const parsed = ZListUsers.safeParse(searchParamsToObject(await searchParams));
  const query = parsed.success ? parsed.data : ZListUsers.parse({});
  // A segment deleted since the link was made: show everyone rather than an error page.
  if (query.segment && !(await db().segment.findUnique({ where: { id: query.segment }, select: { id: true } }))) query.segment = undefined;
  const [list, options] = await Promise.all([listUsers(query), listFilterOptions()]);
  const filtered = Boolean(query.q || query.tag || query.source || query.lastSeen || query.segment);
  return (
    <>
      <AutoRefresh seconds={5} />
      <LiveTagsRefresh />
      <PageHeader title="Users" description="Everyone who has talked to your bots." />
      {list.total === 0 && !filtered ? (
        <EmptyState icon="☺" title="No Telegram users yet">
          Users appear here as soon as they send /start or write to one of your bots.
        </EmptyState>
      ) : (
        <UsersTable list={list} query={query} options={options} canExport={can(staff.role, "users:export")} />
      )}
    </>
  );
}
