"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { ConfirmDialog } from "../_components/confirm-dialog";
import { useTRPC } from "../../../trpc/client";

/**
 * Hide a review (a reason is asked for in the confirmation) or show it again. Either recomputes the product's
 * rating summary at once; the page then shows the review's new state and the summary the shop now shows.
 */
export function ReviewModeration({ reviewId, label, hidden }: { reviewId: string; label: string; hidden: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const reasonId = useId();
  const [reason, setReason] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const summary = (r: { ratingAverage: number; ratingCount: number }) =>
    r.ratingCount === 0 ? "the product has no visible review now" : `the product now shows ${r.ratingAverage.toFixed(2)} from ${r.ratingCount} ${r.ratingCount === 1 ? "review" : "reviews"}`;
  const hide = useMutation(
    trpc.admin.reviews.hide.mutationOptions({
      onSuccess: (r) => {
        setDone(`Hidden; ${summary(r)}.`);
        setReason("");
        router.refresh();
      },
    }),
  );
  const restore = useMutation(
    trpc.admin.reviews.restore.mutationOptions({
      onSuccess: (r) => {
        setDone(`Shown again; ${summary(r)}.`);
        router.refresh();
      },
    }),
  );

  return (
    <div className="stack">
      {hidden ? (
        <button
          type="button"
          className="secondary small-button"
          aria-label={`Restore ${label}`}
          disabled={restore.isPending}
          onClick={() => {
            setDone(null);
            restore.mutate({ id: reviewId });
          }}
        >
          {restore.isPending ? "Restoring…" : "Restore"}
        </button>
      ) : (
        <ConfirmDialog
          triggerLabel="Hide…"
          triggerAriaLabel={`Hide ${label}`}
          triggerClassName="danger secondary small-button"
          title="Hide this review?"
          confirmLabel="Hide review"
          onConfirm={async () => {
            setDone(null);
            if (!reason.trim()) throw new Error("Say why the review is hidden.");
            await hide.mutateAsync({ id: reviewId, reason: reason.trim() });
          }}
        >
          <p>It leaves the product page and its rating; the author still sees it as theirs.</p>
          <div className="field">
            <label htmlFor={reasonId}>Reason (for the shop only)</label>
            <input id={reasonId} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} autoComplete="off" />
          </div>
        </ConfirmDialog>
      )}
      {restore.error && (
        <p className="alert small" role="alert">
          {restore.error.message}
        </p>
      )}
      {done && (
        <p className="notice small" role="status">
          {done}
        </p>
      )}
    </div>
  );
}
