import { z } from "zod";
import { DomainError } from "../errors/domain-error";
import type { ListSort } from "./catalog.schemas";

/**
 * The position after the last item of a page: the sort key values and id of that item. Encoded as base64url
 * JSON so clients treat it as opaque; decoding validates every value, so a tampered cursor is a 400 and can
 * never reach SQL as anything but a well-typed bound parameter.
 */
export type ProductCursor =
  | { sort: "newest"; createdAt: string; id: string }
  | { sort: "price_asc" | "price_desc"; price: number; id: string }
  | { sort: "rating"; ratingAverage: string; ratingCount: number; id: string }
  /** `score`: the integer relevance the page was ordered by (see product.repository.ts). */
  | { sort: "relevance"; score: number; id: string };

const UUID = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
const MAX_INT4 = 2_147_483_647;

const Encoded = z.union([
  z.tuple([z.literal("newest"), z.iso.datetime(), UUID]),
  z.tuple([z.enum(["price_asc", "price_desc"]), z.int().min(0).max(MAX_INT4), UUID]),
  z.tuple([z.literal("rating"), z.string().regex(/^\d\.\d{2}$/), z.int().min(0).max(MAX_INT4), UUID]),
  z.tuple([z.literal("relevance"), z.int().min(0).max(MAX_INT4), UUID]),
]);

export function encodeProductCursor(cursor: ProductCursor): string {
  const tuple =
    cursor.sort === "newest"
      ? [cursor.sort, cursor.createdAt, cursor.id]
      : cursor.sort === "rating"
        ? [cursor.sort, cursor.ratingAverage, cursor.ratingCount, cursor.id]
        : cursor.sort === "relevance"
          ? [cursor.sort, cursor.score, cursor.id]
          : [cursor.sort, cursor.price, cursor.id];
  return Buffer.from(JSON.stringify(tuple)).toString("base64url");
}

const invalid = (message: string) => new DomainError("VALIDATION", message, { details: { field: "cursor" } });

/** A cursor of `sort` (or of one of several); 400 when it is malformed or was made for another sort order. */
export function decodeProductCursor(value: string, sort: ListSort | readonly ListSort[]): ProductCursor {
  const allowed: readonly ListSort[] = typeof sort === "string" ? [sort] : sort;
  if (!/^[A-Za-z0-9_-]{1,512}$/.test(value)) throw invalid("Malformed cursor");
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
  } catch {
    throw invalid("Malformed cursor");
  }
  const parsed = Encoded.safeParse(json);
  if (!parsed.success) throw invalid("Malformed cursor");
  const tuple = parsed.data;
  if (!allowed.includes(tuple[0])) throw invalid(`This cursor belongs to sort=${tuple[0]}; start again without a cursor`);
  switch (tuple[0]) {
    case "newest":
      return { sort: tuple[0], createdAt: tuple[1], id: tuple[2] };
    case "rating":
      return { sort: tuple[0], ratingAverage: tuple[1], ratingCount: tuple[2], id: tuple[3] };
    case "relevance":
      return { sort: tuple[0], score: tuple[1], id: tuple[2] };
    default:
      return { sort: tuple[0], price: tuple[1] as number, id: tuple[2] as string };
  }
}
