"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import { cn } from "../ui/cn";
import type { TNavItem } from "./nav-items";

export function Sidebar({ items, staff }: { items: TNavItem[]; staff: { name: string; email: string; role: string } }) {
  const pathname = usePathname();
  return (
    <aside className="flex w-56 shrink-0 flex-col border-r border-slate-200 bg-white">
      <div className="flex h-14 items-center gap-2 px-4">
        <span className="flex size-7 items-center justify-center rounded-md bg-brand-600 text-sm text-white" aria-hidden>⚑</span>
        <span className="font-semibold">Tagflow</span>
      </div>
      <nav className="flex-1 space-y-0.5 px-2 py-2" aria-label="Main">
        {items.map((item) => {
          const active = item.href === "/" ? pathname === "/" : pathname.startsWith(item.href);
          return (
            <Link
              key={item.href}
              href={item.href}
              aria-current={active ? "page" : undefined}
              className={cn(
                "flex items-center gap-3 rounded-md px-3 py-2 text-sm",
                active ? "bg-brand-50 font-medium text-brand-700" : "text-slate-700 hover:bg-slate-100",
              )}
            >
              <span className="w-4 text-center" aria-hidden>{item.icon}</span>
              {item.label}
            </Link>
          );
        })}
      </nav>
      <div className="border-t border-slate-200 p-3 text-sm">
        <div className="truncate font-medium" title={staff.email}>{staff.name}</div>
        <div className="text-xs capitalize text-slate-500">{staff.role.toLowerCase()}</div>
        <button type="button" onClick={() => void signOut({ callbackUrl: "/login" })} className="mt-2 text-xs text-slate-600 hover:text-slate-900 hover:underline">
          Sign out
        </button>
      </div>
    </aside>
  );
}
