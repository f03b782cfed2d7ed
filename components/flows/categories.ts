import type { TNodeCategory } from "@/lib/flows/define-node";

export const CATEGORIES: { id: TNodeCategory; title: string; header: string; minimap: string }[] = [
  { id: "trigger", title: "Triggers", header: "bg-emerald-50 text-emerald-900", minimap: "#10b981" },
  { id: "message", title: "Messages", header: "bg-sky-50 text-sky-900", minimap: "#0ea5e9" },
  { id: "logic", title: "Logic", header: "bg-amber-50 text-amber-900", minimap: "#f59e0b" },
  { id: "data", title: "Data", header: "bg-violet-50 text-violet-900", minimap: "#8b5cf6" },
  { id: "integration", title: "Integrations", header: "bg-rose-50 text-rose-900", minimap: "#f43f5e" },
];

export const categoryLook = (id: TNodeCategory) => CATEGORIES.find((c) => c.id === id) ?? CATEGORIES[0]!;
