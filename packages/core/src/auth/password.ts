import bcrypt from "bcryptjs";
import { z } from "zod";

export const BCRYPT_COST = 12;

export const passwordSchema = z
  .string()
  .min(10, "Use at least 10 characters")
  .max(200, "Use at most 200 characters")
  // bcrypt only reads the first 72 bytes; longer passphrases would silently lose entropy.
  .refine((p) => Buffer.byteLength(p, "utf8") <= 72, "Use at most 72 bytes (bcrypt's limit)");

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

export function checkPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

/** Compared against when the email is unknown, so response time does not reveal which emails exist. */
export const DUMMY_HASH = "$2b$12$U9cwYwGgoJ8iTNs/7OYTOet72.jrILHx5UKzKOZok.t/H7cKAJmtS";
