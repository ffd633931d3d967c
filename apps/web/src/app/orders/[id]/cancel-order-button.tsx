"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { errorMessage } from "../../../lib/errors";
import { useTRPC } from "../../../trpc/client";

/** Cancels a pending order; the page is rendered again by the server with the new status. */
export function CancelOrderButton({ orderId }: { orderId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const cancel = useMutation(
    trpc.orders.cancel.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.orders.list.pathKey() });
        router.refresh();
      },
    }),
  );
  return (
    <div className="cancel-order">
      <button type="button" className="secondary danger" onClick={() => cancel.mutate({ id: orderId })} disabled={cancel.isPending || cancel.isSuccess}>
        {cancel.isPending ? "Cancelling…" : "Cancel order"}
      </button>
      {cancel.error && (
        <p className="alert" role="alert">
          {errorMessage(cancel.error)}
        </p>
      )}
    </div>
  );
}
