// next-auth configuration: credentials login, JWT sessions carrying the role.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { db } from "../db/client";
import { verifyPassword } from "./password";
import type { StaffRole } from "../db/generated/enums";

const ZCredentials = z.object({
  email: z.string().trim().toLowerCase().email(),
  password: z.string().min(1),
});

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 60 * 60 * 12 },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw) {
        const parsed = ZCredentials.safeParse(raw);
        if (!parsed.success) return null;
        const staff = await db().staffUser.findUnique({
          where: { email: parsed.data.email },
          omit: { passwordHash: false },
        });
        if (!staff || staff.disabledAt) return null;
        if (!(await verifyPassword(parsed.data.password, staff.passwordHash))) return null;
        return { id: staff.id, email: staff.email, name: staff.name, role: staff.role };
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user && "role" in user) {
        token.role = user.role as StaffRole;
        token.staffId = user.id;
      }
      return token;
    },
    async session({ session, token }) {
      if (session.user) {
        session.user.id = String(token.staffId ?? "");
        session.user.role = token.role as StaffRole;
      }
      return session;
    },
  },
};
