import type { TPermission } from "@/lib/auth/permissions";

export type TNavItem = { href: string; label: string; icon: string; permission: TPermission };

export const NAV_ITEMS: TNavItem[] = [
  { href: "/", label: "Overview", icon: "◎", permission: "console:view" },
  { href: "/inbox", label: "Inbox", icon: "✉", permission: "inbox:use" },
  { href: "/flows", label: "Flows", icon: "⇢", permission: "flows:edit" },
  { href: "/segments", label: "Segments", icon: "◔", permission: "segments:edit" },
  { href: "/campaigns", label: "Campaigns", icon: "➤", permission: "campaigns:read" },
  { href: "/users", label: "Users", icon: "☺", permission: "users:read" },
  { href: "/analytics", label: "Analytics", icon: "▥", permission: "analytics:read" },
  { href: "/settings", label: "Settings", icon: "⚙", permission: "bots:read" },
];
