import { DomainError } from "../../errors/domain-error";
import { decodeNewestCursor, encodeNewestCursor } from "../../infra/cursor";
import { lockProduct, refreshRatingSummary } from "../../reviews/review.repository";
import { requireAdmin, type Actor } from "../actor";
import { recordAudit } from "../audit/audit-record";
import { containsPattern } from "../customers/customer-search";
import type { AdminDeps } from "../services";
import {
  findAdminReview,
  findAdminReviewPage,
  findRatingSummary,
  findReviewProductId,
  setReviewHidden,
  type AdminReviewRow,
} from "./reviews-admin.repository";
import type {
  AdminReview,
  AdminReviewModeration,
  AdminReviewPage,
  HideReviewInput,
  ListAdminReviewsInput,
  AdminReviewIdInput,
} from "./reviews-admin.schemas";

const notFound = () => new DomainError("NOT_FOUND", "Review not found");
// Moderation queues on the product's row lock behind concurrent reviewers (as review.service.ts does).
const TX_OPTIONS = { maxWait: 10_000, timeout: 15_000 } as const;

function toAdminReview(row: AdminReviewRow): AdminReview {
  return {
    id: row.id,
    productId: row.product_id,
    productName: row.product_name,
    productSlug: row.product_slug,
    rating: Number(row.rating),
    title: row.title,
    comment: row.body === "" ? null : row.body,
    verifiedPurchase: row.verified_purchase,
    author: { id: row.user_id, name: row.user_name, phone: row.user_phone },
    hiddenAt: row.hidden_at ? new Date(row.hidden_at).toISOString() : null,
    hiddenReason: row.hidden_reason,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/**
 * Review moderation (admins only). Hiding or restoring a review locks its product's row, changes the review and
 * recomputes the product's rating summary from its visible reviews in one transaction: the same lock new reviews
 * take (reviews/review.service.ts), so the summary is exact whatever runs at the same time. The shop's pages
 * leave hidden reviews out; their author still sees their own (GET /shop/products/{id}/review).
 */
export interface ReviewAdmin {
  list(actor: Actor, input: ListAdminReviewsInput): Promise<AdminReviewPage>;
  hide(actor: Actor, input: HideReviewInput): Promise<AdminReviewModeration>;
  restore(actor: Actor, input: AdminReviewIdInput): Promise<AdminReviewModeration>;
}

export function createReviewAdmin(deps: AdminDeps): ReviewAdmin {
  const { db, catalogCache } = deps;
  const now = deps.clock ?? (() => new Date());

  /** Sets (or clears) the review's hidden state under its product's lock and refreshes the rating summary. */
  async function moderate(actor: Actor, id: string, hidden: { reason: string } | null): Promise<AdminReviewModeration> {
    requireAdmin(actor, "moderate reviews");
    const productId = await findReviewProductId(db, id);
    if (!productId) throw notFound();
    const result = await db.$transaction(async (tx) => {
      await lockProduct(tx, { by: "id", value: productId });
      const before = await findAdminReview(tx, id);
      if (!before) throw notFound();
      const unchanged = hidden ? before.hidden_at !== null && before.hidden_reason === hidden.reason : before.hidden_at === null;
      if (!unchanged) {
        await setReviewHidden(tx, id, hidden ? { at: before.hidden_at ?? now(), reason: hidden.reason } : null);
        await refreshRatingSummary(tx, productId);
      }
      const after = (await findAdminReview(tx, id))!;
      const summary = await findRatingSummary(tx, productId);
      if (!unchanged) {
        await recordAudit(tx, actor, {
          action: hidden ? "review.hide" : "review.restore",
          entityType: "review",
          entityId: id,
          summary: hidden
            ? `Hid a ${before.rating}-star review of ${before.product_name}: ${hidden.reason}`
            : `Restored a ${before.rating}-star review of ${before.product_name}`,
          before: { hiddenAt: before.hidden_at, hiddenReason: before.hidden_reason },
          after: { hiddenAt: after.hidden_at, hiddenReason: after.hidden_reason, ...summary },
        });
      }
      return { review: toAdminReview(after), ...summary, changed: !unchanged };
    }, TX_OPTIONS);
    // The product's page shows the reviews and the summary (and the lists its rating).
    if (result.changed) catalogCache.clear();
    return { review: result.review, ratingAverage: result.ratingAverage, ratingCount: result.ratingCount };
  }

  return {
    async list(actor, input) {
      requireAdmin(actor, "moderate reviews");
      const after = input.cursor ? decodeNewestCursor(input.cursor) : null;
      const { rows, total } = await findAdminReviewPage(
        db,
        {
          productId: input.productId?.toLowerCase(),
          rating: input.rating,
          hidden: input.hidden,
          text: input.q ? containsPattern(input.q) : undefined,
        },
        after,
        input.limit + 1,
      );
      const page = rows.slice(0, input.limit);
      const last = page.at(-1);
      return {
        items: page.map(toAdminReview),
        nextCursor:
          rows.length > input.limit && last ? encodeNewestCursor({ createdAt: new Date(last.created_at).toISOString(), id: last.id }) : null,
        total,
      };
    },
    hide: (actor, { id, reason }) => moderate(actor, id, { reason }),
    restore: (actor, { id }) => moderate(actor, id, null),
  };
}
