import { z } from "zod";
import { CursorValue, decodeCursor, encodeCursor, invalidCursor } from "../infra/cursor";
import type { ListSort } from "./catalog.schemas";
import type { ProductPageRow } from "./product.repository";

/** A position in a product list (infra/cursor.ts): the sort, then its key values in PRODUCT_SORT_KEYS order. */
export type ProductCursor =
  | { sort: "newest"; createdAt: string; id: string }
  | { sort: "price_asc" | "price_desc"; price: number; id: string }
  | { sort: "rating"; ratingAverage: string; ratingCount: number; id: string }
  /** `score`: the integer relevance the page was ordered by (see product.repository.ts). */
  | { sort: "relevance"; score: number; id: string };

export interface SortKey {
  /** The ProductCursor field. */
  field: string;
  /** The products column (and page row field) it is read from; `score` is computed per match. */
  column: "created_at" | "price" | "rating_average" | "rating_count" | "score" | "id";
  /** The SQL type its cursor value is bound as. */
  cast: "timestamptz" | "integer" | "numeric" | "uuid";
  schema: z.ZodType<string | number>;
}

export interface SortOrder {
  /** Every key runs the same way, so the keyset condition is one row comparison. */
  direction: "ASC" | "DESC";
  keys: readonly SortKey[];
}

const id: SortKey = { field: "id", column: "id", cast: "uuid", schema: CursorValue.id };
const price: SortKey = { field: "price", column: "price", cast: "integer", schema: CursorValue.int4 };

/** Each list order: the columns it sorts by (an index each, see product.repository.ts) and so its cursor. */
export const PRODUCT_SORT_KEYS: Readonly<Record<ListSort, SortOrder>> = {
  newest: { direction: "DESC", keys: [{ field: "createdAt", column: "created_at", cast: "timestamptz", schema: CursorValue.timestamp }, id] },
  price_asc: { direction: "ASC", keys: [price, id] },
  price_desc: { direction: "DESC", keys: [price, id] },
  rating: {
    direction: "DESC",
    keys: [
      { field: "ratingAverage", column: "rating_average", cast: "numeric", schema: z.string().regex(/^\d\.\d{2}$/) },
      { field: "ratingCount", column: "rating_count", cast: "integer", schema: CursorValue.int4 },
      id,
    ],
  },
  relevance: { direction: "DESC", keys: [{ field: "score", column: "score", cast: "integer", schema: CursorValue.int4 }, id] },
};

const SORTS = Object.keys(PRODUCT_SORT_KEYS) as ListSort[];

const Encoded = z.union(
  SORTS.map((sort) => z.tuple([z.literal(sort), ...PRODUCT_SORT_KEYS[sort].keys.map((key) => key.schema)] as [z.ZodLiteral<ListSort>])),
);

/** The values of a cursor in PRODUCT_SORT_KEYS order. */
export function cursorValues(cursor: ProductCursor): (string | number)[] {
  const fields = cursor as unknown as Record<string, string | number>;
  return PRODUCT_SORT_KEYS[cursor.sort].keys.map((key) => fields[key.field]!);
}

export function encodeProductCursor(cursor: ProductCursor): string {
  return encodeCursor([cursor.sort, ...cursorValues(cursor)]);
}

/** A cursor of `sort` (or of one of several); 400 when it is malformed or was made for another sort order. */
export function decodeProductCursor(value: string, sort: ListSort | readonly ListSort[]): ProductCursor {
  const allowed: readonly ListSort[] = typeof sort === "string" ? [sort] : sort;
  const [found, ...values] = decodeCursor(value, Encoded) as unknown as [ListSort, ...(string | number)[]];
  if (!allowed.includes(found)) throw invalidCursor(`This cursor belongs to sort=${found}; start again without a cursor`);
  return fromValues(found, values);
}

function fromValues(sort: ListSort, values: readonly (string | number)[]): ProductCursor {
  const keys = PRODUCT_SORT_KEYS[sort].keys;
  return { sort, ...Object.fromEntries(keys.map((key, i) => [key.field, values[i]])) } as ProductCursor;
}

/** The cursor that continues after `row` in `sort`. */
export function productCursorAfter(row: ProductPageRow, sort: ListSort): ProductCursor {
  const values = PRODUCT_SORT_KEYS[sort].keys.map((key) => {
    const value = row[key.column];
    return value instanceof Date ? value.toISOString() : (value ?? 0);
  });
  return fromValues(sort, values);
}
