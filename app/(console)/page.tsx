import Link from "next/link";
import { PageHeader, Card, EmptyState } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/time";
import { describeEvent } from "@/components/users/event-label";
import { requirePagePermission } from "@/lib/auth/session";
import { getOverview } from "@/lib/analytics/get-overview";
import { getInboxCounts } from "@/lib/analytics/inbox-counts";
import { can } from "@/lib/auth/permissions";
import { listBots } from "@/lib/bots/list-bots";
import { AutoRefresh } from "@/components/layout/auto-refresh";

function StatGrid({ stats, className }: { stats: { label: string; value: number }[]; className: string }) {
  return (
    <dl className={`grid gap-4 ${className}`}>
      {stats.map((s) => (
        <div key={s.label} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{s.label}</dt>
          <dd className="mt-1 text-2xl font-semibold tabular-nums">{s.value.toLocaleString("en")}</dd>
        </div>
      ))}
    </dl>
  );
}

export default async function OverviewPage() {
  const staff = await requirePagePermission("console:view");
  const showInbox = can(staff.role, "inbox:use");
  const [overview, bots, inbox] = await Promise.all([getOverview(), listBots(), showInbox ? getInboxCounts() : null]);
  const inboxStats = inbox
    ? [
        { label: "Open conversations", value: inbox.open },
        { label: "Unassigned", value: inbox.unassigned },
        { label: "With unread messages", value: inbox.unread },
      ]
    : [];
  const stats = [
    { label: "Telegram users", value: overview.users },
    { label: "Active in 24 h", value: overview.active24h },
    { label: "New in 7 days", value: overview.new7d },
    { label: "Blocked the bot", value: overview.blocked },
  ];
  return (
    <>
      <AutoRefresh seconds={10} />
      <PageHeader title="Overview" description="Your bots and their audience at a glance." />
      {bots.length === 0 ? (
        <EmptyState icon="🤖" title="No bot connected yet" action={<Link className="text-sm font-medium text-brand-600 hover:underline" href="/settings">Add a bot in Settings →</Link>}>
          Paste a token from @BotFather and Tagflow starts receiving its updates.
        </EmptyState>
      ) : (
        <div className="space-y-6">
          {inbox && (
            <section aria-label="Inbox" data-testid="overview-inbox">
              <div className="mb-2 flex items-baseline justify-between">
                <h2 className="text-sm font-semibold text-slate-700">Inbox</h2>
                <Link href="/inbox" className="text-sm font-medium text-brand-700 hover:underline">Open the inbox →</Link>
              </div>
              <StatGrid stats={inboxStats} className="grid-cols-3" />
            </section>
          )}
          <StatGrid stats={stats} className="grid-cols-2 lg:grid-cols-4" />
          <div className="grid gap-6 lg:grid-cols-2">
            <Card title="Bots">
              <ul className="divide-y divide-slate-100">
                {bots.map((b) => (
                  <li key={b.id} className="flex items-center justify-between py-2 text-sm" data-testid="overview-bot">
                    <span>
                      <span className="font-medium">{b.name}</span> <span className="text-slate-500">@{b.username}</span>
                      {b.isDemo && <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-800">demo</span>}
                    </span>
                    <span className="tabular-nums text-slate-600">{b.userCount.toLocaleString("en")} users</span>
                  </li>
                ))}
              </ul>
            </Card>
            <Card title="Latest activity">
              {overview.recent.length === 0 ? (
                <p className="text-sm text-slate-500">Nothing yet. Activity appears here as users write to your bots.</p>
              ) : (
                <ul className="space-y-2 text-sm">
                  {overview.recent.map((e) => (
                    <li key={e.id} className="flex justify-between gap-4">
                      <span className="truncate">
                        <Link href={`/users/${e.user.id}`} className="font-medium text-brand-700 hover:underline">{e.user.name}</Link>{" "}
                        <span className="text-slate-600">{describeEvent(e.name, e.properties)}</span>
                      </span>
                      <span className="shrink-0 text-xs text-slate-500"><RelativeTime iso={e.occurredAt} /></span>
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          </div>
        </div>
      )}
    </>
  );
}
