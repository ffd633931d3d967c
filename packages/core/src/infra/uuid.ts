import { randomBytes } from "node:crypto";

/** Canonical UUID text (any case); only strings like this are ever compared with a uuid column. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

let lastMs = 0;
let counter = 0;

/**
 * A UUIDv7 (RFC 9562: 48-bit Unix ms timestamp, then random bits) like the ones Prisma generates for this schema:
 * raw SQL inserts need ids made here, because `@default(uuid(7))` is applied by the Prisma client, not by the
 * database. Without `now`, ids made in the same millisecond count up in rand_a, so rows created together keep
 * their order; with `now` (one timestamp for a whole checkout) the id carries exactly that time.
 */
export function uuidv7(now?: Date): string {
  const bytes = randomBytes(16);
  let ms = now?.getTime() ?? Date.now();
  let sequence = -1;
  if (!now) {
    if (ms <= lastMs) {
      counter += 1;
      if (counter > 0xfff) {
        lastMs += 1;
        counter = 0;
      }
      ms = lastMs;
    } else {
      lastMs = ms;
      counter = 0;
    }
    sequence = counter;
  }
  bytes.writeUIntBE(ms, 0, 6);
  if (sequence >= 0) {
    bytes[6] = 0x70 | (sequence >> 8);
    bytes[7] = sequence & 0xff;
  } else {
    bytes[6] = (bytes[6]! & 0x0f) | 0x70; // version 7
  }
  bytes[8] = 0x80 | (bytes[8]! & 0x3f); // RFC 9562 variant
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
