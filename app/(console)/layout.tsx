import { Sidebar } from "@/components/layout/sidebar";
import { NAV_ITEMS } from "@/components/layout/nav-items";
import { requirePagePermission } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";

export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const staff = await requirePagePermission("console:view");
  const items = NAV_ITEMS.filter((i) => can(staff.role, i.permission));
  return (
    <div className="flex min-h-full">
      <Sidebar items={items} staff={{ name: staff.name, email: staff.email, role: staff.role }} />
      <main className="min-w-0 flex-1 px-8 py-6">{children}</main>
    </div>
  );
}
