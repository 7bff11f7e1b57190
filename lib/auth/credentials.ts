import { z } from "zod";

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "Enter a valid email address." }).max(254));

export const signInSchema = z
  .object({
    email: emailSchema,
    password: z.string().min(1, "Enter your password.").max(PASSWORD_MAX_LENGTH),
  })
  .strict();

export const signUpSchema = z
  .object({
    name: z
      .string()
      .trim()
      .max(80)
      // Postgres cannot store U+0000; forms cannot carry lone surrogates, but a crafted post can.
      .refine((v) => v.isWellFormed() && !v.includes("\u0000"), "Use letters, digits and punctuation.")
      .optional()
      .transform((v) => (v ? v : undefined)),
    email: emailSchema,
    password: z
      .string()
      .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
      .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`),
  })
  .strict();
export type SignUpInput = z.infer<typeof signUpSchema>;

export const renameSchema = z.object({ name: z.string().max(200) }).strict();

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password.").max(PASSWORD_MAX_LENGTH),
    newPassword: z
      .string()
      .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
      .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`),
  })
  .strict();

/** What an account with neither password nor email types to confirm its deletion. */
export const DELETION_PHRASE = "delete my account";

/** One of the three, whichever the account confirms with (lib/auth/account.ts decides which counts). */
export const deleteAccountSchema = z
  .object({
    password: z.string().min(1, "Enter your password to confirm.").max(PASSWORD_MAX_LENGTH).optional(),
    email: z.string().min(1, "Type your email to confirm.").max(320).optional(),
    phrase: z.string().min(1, "Type the phrase to confirm.").max(100).optional(),
  })
  .strict();
