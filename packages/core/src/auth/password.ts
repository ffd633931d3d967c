import { hash, verify, type Options } from "@node-rs/argon2";
import { z } from "zod";

export const Password = z.string().min(8, "At least 8 characters").max(128, "At most 128 characters");

/**
 * argon2id with the OWASP minimum (19 MiB, 2 passes, 1 lane). The parameters are stored in each PHC string,
 * so raising them later only affects new hashes.
 */
export interface PasswordHashing {
  memoryCost: number;
  timeCost: number;
}

export const DEFAULT_PASSWORD_HASHING: PasswordHashing = { memoryCost: 19_456, timeCost: 2 };

const ARGON2ID = 2; // @node-rs/argon2 Algorithm.Argon2id (a const enum, which isolatedModules cannot import)

function options(params: PasswordHashing): Options {
  return { algorithm: ARGON2ID, memoryCost: params.memoryCost, timeCost: params.timeCost, parallelism: 1, outputLen: 32 };
}

export function hashPassword(password: string, params: PasswordHashing = DEFAULT_PASSWORD_HASHING): Promise<string> {
  return argon2.hash(password, options(params));
}

/** The argon2 calls, behind one object so a test can watch which hash each verification runs against. */
export const argon2 = { hash, verify };

let dummyHash: Promise<string> | undefined;

/**
 * Verifies against the stored hash; with no hash (unknown user, or a user who never set a password) it still
 * runs one argon2 verification against a fixed dummy hash, so both cases take as long as a wrong password.
 */
export async function verifyPassword(
  storedHash: string | null | undefined,
  password: string,
  params: PasswordHashing = DEFAULT_PASSWORD_HASHING,
): Promise<boolean> {
  if (!storedHash) {
    dummyHash ??= hashPassword("not-a-real-password-0000", params);
    await argon2.verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await argon2.verify(storedHash, password);
  } catch {
    return false;
  }
}
