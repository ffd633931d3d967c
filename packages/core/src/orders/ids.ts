import { randomBytes } from "node:crypto";

/**
 * A UUIDv7 (RFC 9562): 48-bit Unix ms timestamp, then random bits. Raw SQL inserts need ids made here, because
 * the schema's `@default(uuid(7))` is applied by the Prisma client, not by the database.
 */
export function uuidv7(now: Date = new Date()): string {
  const bytes = randomBytes(16);
  const ms = BigInt(now.getTime());
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70; // version 7
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 9562 variant
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

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
