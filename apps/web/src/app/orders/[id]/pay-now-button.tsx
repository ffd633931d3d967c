"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { errorMessage, errorStatus } from "../../../lib/errors";
import { useTRPC } from "../../../trpc/client";

function payError(error: unknown): string {
  const status = errorStatus(error);
  if (status === undefined) return "The shop did not answer. Your order is kept: press Pay now again.";
  if (status === 503) return "The payment service did not answer. Your order is kept: try again in a minute.";
  return errorMessage(error);
}

/**
 * Opens the order's hosted payment page (the same one while it is valid) and goes there. A 409 means the order
 * changed meanwhile (paid, cancelled, expired): the page is rendered again to show it.
 */
export function PayNowButton({ orderId }: { orderId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pay = useMutation(
    trpc.payments.pay.mutationOptions({
      onSuccess: (session) => {
        if (session.redirectUrl) window.location.assign(session.redirectUrl);
        else router.refresh();
      },
      onError: (error) => {
        if (errorStatus(error) === 409) router.refresh();
      },
    }),
  );
  const { reset } = pay;
  // Back from the payment page through the browser's history (a page restored as it was left): usable again.
  useEffect(() => {
    const onShow = (event: PageTransitionEvent) => {
      if (event.persisted) reset();
    };
    window.addEventListener("pageshow", onShow);
    return () => window.removeEventListener("pageshow", onShow);
  }, [reset]);

  const leaving = pay.isPending || (pay.isSuccess && Boolean(pay.data.redirectUrl));
  return (
    <div className="pay-now">
      <button type="button" onClick={() => pay.mutate({ id: orderId })} disabled={leaving}>
        {leaving ? "Opening the payment page…" : "Pay now"}
      </button>
      {pay.error && (
        <p className="alert" role="alert">
          {payError(pay.error)}
        </p>
      )}
    </div>
  );
}
