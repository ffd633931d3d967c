"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmDialog } from "../../_components/confirm-dialog";
import { formMessage } from "../../_components/form-errors";
import { useTRPC } from "../../../../trpc/client";

/** Archive (after confirmation) or restore. Products are never deleted: orders keep naming them. */
export function ArchiveControl({ productId, name, archived, orderLines }: { productId: string; name: string; archived: boolean; orderLines: number }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  const archive = useMutation(trpc.admin.products.archive.mutationOptions());
  const restore = useMutation(trpc.admin.products.restore.mutationOptions());

  if (archived) {
    return (
      <div className="admin-buttons">
        <button
          type="button"
          className="secondary"
          disabled={restore.isPending}
          onClick={() =>
            restore.mutate(
              { id: productId },
              {
                onSuccess: (product) => {
                  setMessage(
                    product.status === "active" ? "Restored: the product is in the shop again." : "Restored as a draft: it has no active variant to sell yet.",
                  );
                  router.refresh();
                },
              },
            )
          }
        >
          {restore.isPending ? "Restoring…" : "Restore product"}
        </button>
        {restore.error && (
          <p className="alert" role="alert">
            {formMessage(restore.error)}
          </p>
        )}
        {message && (
          <p className="notice" role="status">
            {message}
          </p>
        )}
      </div>
    );
  }
  return (
    <div className="admin-buttons">
      <ConfirmDialog
        triggerLabel="Archive product"
        title={`Archive ${name}?`}
        confirmLabel="Archive"
        onConfirm={async () => {
          try {
            await archive.mutateAsync({ id: productId });
          } catch (error) {
            throw new Error(formMessage(error));
          }
          setMessage("Archived: the product is no longer in the shop.");
          router.refresh();
        }}
      >
        <p>It leaves the shop at once (its page, search and categories); carts holding it can no longer check it out.</p>
        <p className="muted small">
          {orderLines > 0 ? `Orders that name it (${orderLines} lines) keep it. ` : ""}You can restore it later.
        </p>
      </ConfirmDialog>
      {message && (
        <p className="notice" role="status">
          {message}
        </p>
      )}
    </div>
  );
}
