import type { TConversationRow } from "@/lib/inbox/list-conversations";
import type { TConversationDetail } from "@/lib/inbox/get-conversation";
import type { TMessageView } from "@/lib/inbox/list-messages";

export type { TConversationRow, TConversationDetail, TMessageView };
export type TStaffOption = { id: string; name: string; role: string };
export type TMe = { id: string; name: string; role: string; seesAll: boolean };
export type TFilters = { view: "mine" | "unassigned" | "all"; status: "open" | "closed"; q: string };
export type TCounts = { all: number; mine: number; unassigned: number; unread: number };
