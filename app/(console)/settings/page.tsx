import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { BotsPanel } from "@/components/settings/bots-panel";
import { StaffPanel } from "@/components/settings/staff-panel";
import { requirePagePermission } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { listBots } from "@/lib/bots/list-bots";
import { listStaff } from "@/lib/staff/list-staff";
import { env } from "@/lib/env";
import { InboxPanel } from "@/components/settings/inbox-panel";
import { getInboxSettings } from "@/lib/inbox/settings";
import { listCannedReplies } from "@/lib/inbox/canned-replies";
import { CannedRepliesPanel } from "@/components/settings/canned-replies-panel";
import { LifecyclePanel } from "@/components/settings/lifecycle-panel";
import { getLifecycleSettings } from "@/lib/segments/lifecycle";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const staff = await requirePagePermission("bots:read");
  const canManageBots = can(staff.role, "bots:manage");
  const canManageStaff = can(staff.role, "staff:manage");
  const usesInbox = can(staff.role, "inbox:use");
  const readsSegments = can(staff.role, "segments:read");
  const [bots, team, inbox, canned, lifecycle] = await Promise.all([
    listBots(),
    canManageStaff ? listStaff() : Promise.resolve([]),
    getInboxSettings(),
    usesInbox ? listCannedReplies() : Promise.resolve({ items: [] }),
    getLifecycleSettings(),
  ]);
  return (
    <>
      <PageHeader title="Settings" description="Bots, the inbox, lifecycle stages and the people who use this console." />
      <div className="space-y-8">
        <BotsPanel
          bots={bots.map((b) => ({ ...b, createdAt: b.createdAt.toISOString(), lastUpdateAt: b.lastUpdateAt?.toISOString() ?? null }))}
          canManage={canManageBots}
          defaultApiRoot={env.TELEGRAM_API_ROOT}
          webhookAvailable={Boolean(env.PUBLIC_URL)}
        />
        {usesInbox && <InboxPanel initial={inbox} canManage={can(staff.role, "inbox:manage")} />}
        {usesInbox && <CannedRepliesPanel replies={canned.items} canDelete={can(staff.role, "inbox:manage")} />}
        {readsSegments && <LifecyclePanel initial={lifecycle} canEdit={can(staff.role, "segments:edit")} />}
        {canManageStaff && (
          <StaffPanel
            staff={team.map((s) => ({ ...s, createdAt: s.createdAt.toISOString(), disabledAt: s.disabledAt?.toISOString() ?? null }))}
            selfId={staff.id}
          />
        )}
      </div>
    </>
  );
}
