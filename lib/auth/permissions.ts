// Who may do what. Every page, route handler and server action names one
// permission; this table is the single source of truth (and the role-matrix
// test reads it).
import type { StaffRole } from "../db/generated/enums";

export const PERMISSIONS = {
  "console:view": ["ADMIN", "MANAGER", "MARKETER", "AGENT"],
  "users:read": ["ADMIN", "MANAGER", "MARKETER", "AGENT"],
  "users:tag": ["ADMIN", "MARKETER", "AGENT"],
  /** Download users (personal data) as CSV. */
  "users:export": ["ADMIN", "MANAGER", "MARKETER"],
  "inbox:use": ["ADMIN", "MANAGER", "AGENT"],
  /** See every conversation and assign to anyone (agents: unassigned and their own). */
  "inbox:manage": ["ADMIN", "MANAGER"],
  "flows:edit": ["ADMIN", "MARKETER"],
  "segments:read": ["ADMIN", "MANAGER", "MARKETER"],
  "segments:edit": ["ADMIN", "MARKETER"],
  "campaigns:send": ["ADMIN", "MARKETER"],
  /** Campaign pages and reports. */
  "campaigns:read": ["ADMIN", "MANAGER", "MARKETER"],
  "analytics:read": ["ADMIN", "MANAGER", "MARKETER"],
  "bots:read": ["ADMIN", "MANAGER", "MARKETER", "AGENT"],
  "bots:manage": ["ADMIN"],
  "staff:manage": ["ADMIN"],
} as const satisfies Record<string, readonly StaffRole[]>;

export type TPermission = keyof typeof PERMISSIONS;

export const ROLES: readonly StaffRole[] = ["ADMIN", "MANAGER", "MARKETER", "AGENT"];

export function can(role: StaffRole, permission: TPermission): boolean {
  return (PERMISSIONS[permission] as readonly StaffRole[]).includes(role);
}
