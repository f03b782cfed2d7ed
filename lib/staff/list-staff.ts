import { db } from "../db/client";

export function listStaff() {
  return db().staffUser.findMany({
    orderBy: [{ disabledAt: { sort: "asc", nulls: "first" } }, { createdAt: "asc" }],
    select: { id: true, email: true, name: true, role: true, createdAt: true, disabledAt: true },
  });
}

export type TStaffRow = Awaited<ReturnType<typeof listStaff>>[number];
