import { z } from "zod";
import { ROLES } from "~/domain/permissions";

const email = z
  .string()
  .trim()
  .min(1, "Enter an email address.")
  .max(254, "That email address is too long.")
  .pipe(z.email({ error: "Enter a valid email address, like name@example.com." }));

export const LoginSchema = z.object({
  email,
  password: z.string().min(1, "Enter your password.").max(1024, "That password is too long."),
  redirectTo: z.string().optional(),
});

const password = z.string().min(12, "Use at least 12 characters.").max(256, "Use at most 256 characters.");

const isTimeZone = (value: string) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
};

const userFields = {
  name: z.string().trim().min(1, "Enter a name.").max(120, "Use at most 120 characters."),
  email,
  role: z.enum(ROLES, { error: "Choose a role." }),
  timeZone: z
    .string()
    .trim()
    .min(1, "Enter a time zone.")
    .refine(isTimeZone, "Unknown time zone (use an IANA name like Europe/Berlin)."),
};

export const CreateUserSchema = z.object({
  ...userFields,
  organizationId: z.uuid({ error: "Choose an organisation." }),
  password,
});

export const UpdateUserSchema = z.object({
  ...userFields,
  active: z
    .literal("on")
    .optional()
    .transform((v) => v === "on"),
  // Empty means "keep the current password".
  password: z.union([z.literal(""), password]).optional(),
  lockVersion: z.coerce.number().int().positive(),
});
