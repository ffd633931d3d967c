"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import type { FormEvent } from "react";
import type { Review, ReviewPage } from "@shop/core";
import { useCursorPages } from "../../../components/use-cursor-pages";
import { errorMessage } from "../../../lib/errors";
import { formatDate, ratingSummary, stars } from "../../../lib/format";
import { useTRPC, useTRPCClient } from "../../../trpc/client";
import { LoadMore } from "../../../components/load-more";

interface ReviewsSource {
  productId: string;
  /** The server's first page, fetched with `pageSize`: the query key must match it. */
  initial: ReviewPage;
  pageSize: number;
}

/** One query for the list and the summary above it, so a new review updates both. */
function useReviewPages({ productId, initial, pageSize }: ReviewsSource) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const input = { id: productId, limit: pageSize };
  return useCursorPages(trpc.reviews.list.infiniteQueryKey(input), (cursor) => client.reviews.list.query({ ...input, cursor }), initial);
}

export function RatingSummary(props: ReviewsSource) {
  const { ratingAverage, ratingCount } = useReviewPages(props).data.pages[0] ?? props.initial;
  return (
    <p className="rating-summary">
      {ratingCount > 0 && <span aria-hidden="true">{stars(ratingAverage)} </span>}
      <span>{ratingSummary(ratingAverage, ratingCount)}</span>
    </p>
  );
}

function ReviewItem({ review }: { review: Review }) {
  return (
    <li className="review">
      <p className="review-head">
        <span aria-hidden="true" className="stars">
          {stars(review.rating)}
        </span>
        <span className="visually-hidden">Rated {review.rating} out of 5</span>
        {review.title && <strong>{review.title}</strong>}
      </p>
      {review.comment && <p className="review-body">{review.comment}</p>}
      <p className="muted small">
        {review.author.name} · {formatDate(review.createdAt)}
        {review.verifiedPurchase && <span className="badge">Verified purchase</span>}
      </p>
    </li>
  );
}

function ReviewForm({ productId, pageSize }: { productId: string; pageSize: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(
    trpc.reviews.create.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.reviews.list.infiniteQueryKey({ id: productId, limit: pageSize }) }),
    }),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const text = (name: string) => String(f.get(name) ?? "").trim() || undefined;
    create.mutate({ id: productId, rating: Number(f.get("rating")), title: text("title"), comment: text("comment") });
  }

  if (create.isSuccess) {
    return (
      <p className="notice" role="status">
        Thank you: your review is published.
      </p>
    );
  }
  return (
    <form className="stack panel" onSubmit={onSubmit} aria-label="Write a review">
      <h3>Write a review</h3>
      <label>
        Rating
        <select name="rating" required defaultValue="">
          <option value="" disabled>
            Choose…
          </option>
          {[5, 4, 3, 2, 1].map((n) => (
            <option key={n} value={n}>
              {n} {n === 1 ? "star" : "stars"}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>
          Title <span className="muted">(optional)</span>
        </span>
        <input name="title" maxLength={120} />
      </label>
      <label>
        Comment
        <textarea name="comment" maxLength={5000} />
      </label>
      {create.error && (
        <p className="alert" role="alert">
          {errorMessage(create.error)}
        </p>
      )}
      <button type="submit" disabled={create.isPending}>
        {create.isPending ? "Submitting…" : "Submit review"}
      </button>
    </form>
  );
}

/** Instead of the form once the caller has reviewed the product (one review per customer). */
function OwnReview({ review }: { review: Review }) {
  return (
    <p className="notice" role="status">
      You reviewed this product on {formatDate(review.createdAt)}: <span aria-hidden="true">{stars(review.rating)}</span>
      <span className="visually-hidden">{review.rating} out of 5</span>
    </p>
  );
}

export function Reviews({
  slug,
  signedIn,
  own,
  ...source
}: ReviewsSource & { slug: string; signedIn: boolean; own: Review | null }) {
  const pages = useReviewPages(source);
  const reviews = pages.data.pages.flatMap((page) => page.items);
  return (
    <section className="reviews" aria-labelledby="reviews-title">
      <h2 id="reviews-title">Reviews</h2>
      {own ? (
        <OwnReview review={own} />
      ) : signedIn ? (
        <ReviewForm productId={source.productId} pageSize={source.pageSize} />
      ) : (
        <p>
          <Link href={`/login?next=${encodeURIComponent(`/products/${slug}`)}`}>Sign in to write a review</Link>
        </p>
      )}
      {reviews.length === 0 ? (
        <p className="muted">No reviews yet. Be the first to tell others what you think.</p>
      ) : (
        <ul className="review-list">
          {reviews.map((review) => (
            <ReviewItem key={review.id} review={review} />
          ))}
        </ul>
      )}
      <LoadMore pages={pages} label="More reviews" />
    </section>
  );
}
