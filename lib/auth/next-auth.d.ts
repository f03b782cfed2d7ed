import type { StaffRole } from "../db/generated/enums";

declare module "next-auth" {
  interface Session {
    user: { id: string; role: StaffRole; name?: string | null; email?: string | null };
  }
  interface User {
    role: StaffRole;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    role?: StaffRole;
    staffId?: string;
  }
}
