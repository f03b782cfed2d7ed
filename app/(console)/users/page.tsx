import type { Metadata } from "next";
import { PageHeader, EmptyState } from "@/components/ui/card";
import { UsersTable } from "@/components/users/users-table";
import { AutoRefresh } from "@/components/layout/auto-refresh";
import { requirePagePermission } from "@/lib/auth/session";
import { listUsers } from "@/lib/users/list-users";
import { listFilterOptions } from "@/lib/users/list-filter-options";
import { ZListUsers, searchParamsToObject } from "@/lib/users/schemas";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePagePermission("users:read");
  const parsed = ZListUsers.safeParse(searchParamsToObject(await searchParams));
  const query = parsed.success ? parsed.data : ZListUsers.parse({});
  const [list, options] = await Promise.all([listUsers(query), listFilterOptions()]);
  const filtered = Boolean(query.q || query.tag || query.source || query.lastSeen);
  return (
    <>
      <AutoRefresh seconds={5} />
      <PageHeader title="Users" description="Everyone who has talked to your bots." />
      {list.total === 0 && !filtered ? (
        <EmptyState icon="☺" title="No Telegram users yet">
          Users appear here as soon as they send /start or write to one of your bots.
        </EmptyState>
      ) : (
        <UsersTable list={list} query={query} options={options} />
      )}
    </>
  );
}
