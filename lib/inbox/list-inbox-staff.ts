import { db } from "../db/client";
import { PERMISSIONS } from "../auth/permissions";

/** Active people who can take conversations (the assignee picker). */
export async function listInboxStaff() {
  const rows = await db().staffUser.findMany({
    where: { disabledAt: null, role: { in: [...PERMISSIONS["inbox:use"]] } },
    orderBy: { name: "asc" },
    select: { id: true, name: true, role: true },
  });
  return rows;
}
