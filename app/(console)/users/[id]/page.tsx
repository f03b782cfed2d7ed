import type { Metadata } from "next";
import Link from "next/link";
import { Fragment } from "react";
import { notFound } from "next/navigation";
import { Card } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/time";
import { describeEvent } from "@/components/users/event-label";
import { ProfileTags } from "@/components/users/profile-tags";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { getUserProfile } from "@/lib/users/get-user-profile";
import { isAppError } from "@/lib/errors/app-error";

export const metadata: Metadata = { title: "User" };

async function load(id: string) {
  try {
    return await getUserProfile(id);
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  }
}

export default async function UserProfilePage({ params }: { params: Promise<{ id: string }> }) {
  const staff = await requirePagePermission("users:read");
  const user = await load((await params).id);
  const name = [user.firstName, user.lastName].filter(Boolean).join(" ");
  const facts: [string, React.ReactNode][] = [
    ["Telegram id", <code key="id">{user.telegramId}</code>],
    ["Username", user.username ? `@${user.username}` : "—"],
    ["Bot", `@${user.bot.username}`],
    ["Language", user.languageCode ?? "—"],
    ["Source", user.source ? <code key="src" data-testid="profile-source">{user.source}</code> : "direct"],
    ["First seen", <RelativeTime key="f" iso={user.firstSeenAt} />],
    ["Last seen", <RelativeTime key="l" iso={user.lastSeenAt} />],
    ["Lifecycle stage", <span key="lc" data-testid="profile-stage">{user.lifecycleStage}</span>],
    ["Status", user.blockedAt ? <span key="b" className="text-red-700">blocked the bot <RelativeTime iso={user.blockedAt} /></span> : "can receive messages"],
  ];
  const attributes = Object.entries(user.attributes);
  return (
    <>
      <nav className="mb-4 text-sm"><Link href="/users" className="text-brand-700 hover:underline">← Users</Link></nav>
      <div className="mb-6 flex items-center gap-4">
        <div className="flex size-14 items-center justify-center rounded-full bg-brand-100 text-xl font-semibold text-brand-700" aria-hidden>{user.firstName.slice(0, 1)}</div>
        <div>
          <h1 className="text-2xl font-semibold">{name}{user.isPremium && <span className="ml-2 text-base text-amber-500" title="Telegram Premium">★</span>}</h1>
          <p className="text-sm text-slate-600">
            {user.eventCount.toLocaleString("en")} events
            {user.conversation && can(staff.role, "inbox:use") && (
              <> · <Link href={`/inbox?c=${user.conversation.id}`} className="text-brand-700 hover:underline">Open conversation in the inbox{user.conversation.status === "CLOSED" ? " (closed)" : ""}</Link></>
            )}
          </p>
        </div>
      </div>
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6">
          <Card title="Profile">
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
              {facts.map(([k, v]) => (<Fragment key={k}><dt className="text-slate-500">{k}</dt><dd>{v}</dd></Fragment>))}
            </dl>
          </Card>
          <Card title="Tags">
            <ProfileTags userId={user.id} userName={name} tags={user.tags} canTag={can(staff.role, "users:tag")} />
          </Card>
          <Card title="Attributes">
            {attributes.length === 0 ? <p className="text-sm text-slate-500">No attributes yet. Flows and imports will store answers here.</p> : (
              <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
                {attributes.map(([k, v]) => (<Fragment key={k}><dt className="text-slate-500">{k}</dt><dd className="break-all">{typeof v === "string" ? v : JSON.stringify(v)}</dd></Fragment>))}
              </dl>
            )}
          </Card>
        </div>
        <Card title="Timeline" className="lg:col-span-2">
          {user.events.length === 0 ? <p className="text-sm text-slate-500">No events yet.</p> : (
            <ol className="relative space-y-3 border-l border-slate-200 pl-5" data-testid="timeline">
              {user.events.map((e) => (
                <li key={e.id} className="text-sm">
                  <span className="absolute -left-1.5 mt-1.5 size-3 rounded-full border-2 border-white bg-brand-500" aria-hidden />
                  <div className="flex flex-wrap justify-between gap-2">
                    <span><span className="font-medium">{e.name}</span> <span className="text-slate-600">— {describeEvent(e.name, e.properties)}</span></span>
                    <span className="text-xs text-slate-500"><RelativeTime iso={e.occurredAt} /></span>
                  </div>
                </li>
              ))}
            </ol>
          )}
          {user.eventCount > user.events.length && <p className="mt-4 text-xs text-slate-500">Showing the latest {user.events.length} of {user.eventCount.toLocaleString("en")} events.</p>}
        </Card>
      </div>
    </>
  );
}
