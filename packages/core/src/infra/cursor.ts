/**
 * Keyset cursors: the position after the last item of a page, as the sort key values and id of that item.
 * Encoded as base64url JSON of a tuple so clients treat it as opaque; decoding validates every value, so a
 * tampered cursor is a 400 and can never reach SQL as anything but a well-typed bound parameter.
 */
import { z } from "zod";
import { DomainError } from "../errors/domain-error";
import { MAX_INT4 } from "./int4";
import { UUID_PATTERN } from "./uuid";

/** The kinds of value a cursor tuple holds. */
export const CursorValue = {
  id: z.string().regex(UUID_PATTERN),
  timestamp: z.iso.datetime(),
  int4: z.int().min(0).max(MAX_INT4),
} as const;

export const MALFORMED_CURSOR = "Malformed cursor";

/** Every refused cursor is a 400 on the `cursor` field. */
export const invalidCursor = (message: string = MALFORMED_CURSOR) =>
  new DomainError("VALIDATION", message, { details: { field: "cursor" } });

export function encodeCursor(tuple: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(tuple)).toString("base64url");
}

/** The tuple inside a cursor, checked against `shape`; anything else is a 400 "Malformed cursor". */
export function decodeCursor<T>(value: string, shape: z.ZodType<T>): T {
  if (!/^[A-Za-z0-9_-]{1,512}$/.test(value)) throw invalidCursor();
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor();
  }
  const parsed = shape.safeParse(json);
  if (!parsed.success) throw invalidCursor();
  return parsed.data;
}

/** Newest first by (created_at, id): the one order of orders and of reviews. */
export interface NewestKey {
  /** ISO 8601 timestamp. */
  createdAt: string;
  id: string;
}

const NewestTuple = z.tuple([CursorValue.timestamp, CursorValue.id]);

export function encodeNewestCursor(key: NewestKey): string {
  return encodeCursor([key.createdAt, key.id]);
}

export function decodeNewestCursor(value: string): NewestKey {
  const [createdAt, id] = decodeCursor(value, NewestTuple);
  return { createdAt, id };
}
