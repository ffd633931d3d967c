"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { errorMessage } from "../../../lib/errors";
import { useTRPC } from "../../../trpc/client";

/**
 * Cancels a pending order after the customer confirms it (a cancellation cannot be undone); the page is then
 * rendered again by the server with the new status.
 */
export function CancelOrderButton({ orderId, orderNumber }: { orderId: string; orderNumber: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const askButton = useRef<HTMLButtonElement>(null);
  const cancel = useMutation(
    trpc.orders.cancel.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.orders.list.pathKey() });
        router.refresh();
      },
    }),
  );
  const asked = useRef(false);
  // Keyboard and screen-reader users land on the question's answer, and back on the button when they keep the order.
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
    else if (asked.current) askButton.current?.focus();
    asked.current = confirming;
  }, [confirming]);

  if (!confirming) {
    return (
      <div className="cancel-order">
        <button ref={askButton} type="button" className="secondary danger" onClick={() => setConfirming(true)}>
          Cancel order
        </button>
      </div>
    );
  }
  return (
    <div className="cancel-order panel" role="group" aria-labelledby="cancel-question">
      <p id="cancel-question">Cancel order {orderNumber}? This cannot be undone.</p>
      <div className="row">
        <button ref={confirmButton} type="button" className="danger" onClick={() => cancel.mutate({ id: orderId })} disabled={cancel.isPending || cancel.isSuccess}>
          {cancel.isPending ? "Cancelling…" : "Yes, cancel the order"}
        </button>
        <button type="button" className="secondary" onClick={() => setConfirming(false)} disabled={cancel.isPending || cancel.isSuccess}>
          Keep the order
        </button>
      </div>
      {cancel.error && (
        <p className="alert" role="alert">
          {errorMessage(cancel.error)}
        </p>
      )}
    </div>
  );
}
