import { z } from "zod";

export const ZStaffRole = z.enum(["ADMIN", "MANAGER", "MARKETER", "AGENT"]);

export const ZCreateStaff = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address."),
  name: z.string().trim().min(1, "Enter a name.").max(100),
  role: ZStaffRole,
  password: z.string().min(10, "Passwords need at least 10 characters.").max(200),
});
export type TCreateStaff = z.infer<typeof ZCreateStaff>;

export const ZUpdateStaff = z
  .object({
    role: ZStaffRole.optional(),
    disabled: z.boolean().optional(),
    password: z.string().min(10, "Passwords need at least 10 characters.").max(200).optional(),
  })
  .refine((v) => v.role !== undefined || v.disabled !== undefined || v.password !== undefined, "Nothing to change.");
export type TUpdateStaff = z.infer<typeof ZUpdateStaff>;
