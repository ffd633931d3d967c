import { randomBytes } from "node:crypto";

/** Crockford's base32: no I, L, O or U, so numbers read aloud or typed by hand are unambiguous. */
export const CROCKFORD_BASE32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * A human-readable order number, e.g. SO-20261201-7KQ2M9: the UTC date and 6 characters from a CSPRNG
 * (2^30 per day, so clashes are rare; the insert still retries on one). 256 is a multiple of 32, so `byte & 31`
 * is unbiased.
 */
export function generateOrderNumber(now: Date = new Date()): string {
  const date = now.toISOString().slice(0, 10).replaceAll("-", "");
  const suffix = [...randomBytes(6)].map((byte) => CROCKFORD_BASE32[byte & 31]).join("");
  return `SO-${date}-${suffix}`;
}

export const ORDER_NUMBER_PATTERN = /^SO-\d{8}-[0-9A-HJKMNP-TV-Z]{6}$/;
