import type { Db } from "@shop/db";
import { DomainError } from "../errors/domain-error";
import type { TtlCache } from "../infra/ttl-cache";
import { decodeNewestCursor, encodeNewestCursor } from "../infra/cursor";
import { UUID_PATTERN } from "../infra/uuid";
import { isUniqueViolation } from "../infra/db-errors";
import {
  findProductSummary,
  findUserReview,
  hasOpenOrderWithProduct,
  insertReview,
  listReviewRows,
  lockProduct,
  refreshRatingSummary,
  type ProductKey,
  type ReviewRow,
} from "./review.repository";
import type { CreateReviewInput, ListReviewsInput, OwnReviewInput, Review, ReviewPage } from "./review.schemas";

/** A UUID names the product by id; anything else is a slug. */
export function productKey(ref: string): ProductKey {
  return UUID_PATTERN.test(ref) ? { by: "id", value: ref.toLowerCase() } : { by: "slug", value: ref };
}

const productNotFound = () => new DomainError("NOT_FOUND", "Product not found");

// Reviewers of one product queue on its row lock; the budget covers waiting for a pooled connection under load.
const TX_OPTIONS = { maxWait: 10_000, timeout: 15_000 } as const;

function toReview(row: ReviewRow): Review {
  return {
    id: row.id,
    productId: row.productId,
    rating: row.rating,
    title: row.title,
    comment: row.body === "" ? null : row.body,
    verifiedPurchase: row.verifiedPurchase,
    author: { name: row.authorName?.trim() || "Customer" },
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * One review per user and product. The product row is locked before the insert and the summary is recomputed
 * from the reviews table in the same transaction, so concurrent reviews never lose an update; the unique
 * (user_id, product_id) index, not a pre-check, decides duplicates.
 */
export async function createReview(db: Db, userId: string, input: CreateReviewInput): Promise<Review> {
  try {
    return await db.$transaction(async (tx) => {
      const product = await lockProduct(tx, productKey(input.id));
      if (!product?.isActive) throw productNotFound();
      const verifiedPurchase = await hasOpenOrderWithProduct(tx, userId, product.id);
      const row = await insertReview(tx, {
        userId,
        productId: product.id,
        rating: input.rating,
        title: input.title || null,
        body: input.comment ?? "",
        verifiedPurchase,
      });
      await refreshRatingSummary(tx, product.id);
      return toReview(row);
    }, TX_OPTIONS);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new DomainError("CONFLICT", "You have already reviewed this product", { cause: error });
    }
    throw error;
  }
}

/**
 * The caller's own review of a product (so a storefront can show it instead of the form). A review the shop hid
 * is still shown to its author: they cannot write another (one per product), and the form would only fail. NOT_FOUND when the
 * product is unknown or inactive, or when the caller has not reviewed it.
 */
export async function findOwnReview(db: Db, userId: string, input: OwnReviewInput): Promise<Review> {
  const product = await findProductSummary(db, productKey(input.id));
  if (!product?.isActive) throw productNotFound();
  const row = await findUserReview(db, userId, product.id);
  if (!row) throw new DomainError("NOT_FOUND", "You have not reviewed this product");
  return toReview(row);
}

/** Newest first, keyset paginated, with the product's rating summary. Inactive products are not found. */
export async function listReviews(db: Db, input: ListReviewsInput): Promise<ReviewPage> {
  const after = input.cursor ? decodeNewestCursor(input.cursor) : null;
  const product = await findProductSummary(db, productKey(input.id));
  if (!product?.isActive) throw productNotFound();
  const rows = await listReviewRows(db, product.id, after, input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map(toReview),
    nextCursor: rows.length > input.limit && last ? encodeNewestCursor({ createdAt: last.createdAt.toISOString(), id: last.id }) : null,
    ratingAverage: Number(product.ratingAverage),
    ratingCount: product.ratingCount,
  };
}

/** Reviews; a new review changes its product's rating summary, so it clears the catalogue cache. */
export interface ReviewService {
  create(userId: string, input: CreateReviewInput): Promise<Review>;
  mine(userId: string, input: OwnReviewInput): Promise<Review>;
  list(input: ListReviewsInput): Promise<ReviewPage>;
}

export function createReviewService({ db, catalogCache }: { db: Db; catalogCache: TtlCache<unknown> }): ReviewService {
  return {
    async create(userId, input) {
      const review = await createReview(db, userId, input);
      catalogCache.clear();
      return review;
    },
    mine: (userId, input) => findOwnReview(db, userId, input),
    list: (input) => listReviews(db, input),
  };
}
