"use client";
import { useEffect, useState } from "react";
import { formatDateTime } from "../../../lib/format";
import { expiredUnpaid, formatTimeLeft, isPaid, PAYMENT_METHOD_LABELS, paymentStatusText } from "../../../lib/payment-text";
import { useLiveOrder } from "./live-order";
import { PayNowButton } from "./pay-now-button";

/**
 * What the customer came back to: after Stripe's page (payment confirmed, still being confirmed, or not
 * completed), or after the payment page could not be opened at checkout. The region is in the first HTML, so the
 * change from "being confirmed" to "received" is announced once.
 */
export function PaymentBanner() {
  const { order, arrival, following, gaveUp } = useLiveOrder();
  if (!arrival) return null;

  if (arrival === "done") {
    let message;
    let tone = "notice";
    if (isPaid(order) || order.refundedTotal > 0) {
      message = <strong>Payment received, thank you.</strong>;
    } else if (order.status === "cancelled") {
      tone = "alert";
      message = "This order was cancelled before your payment arrived. If you were charged, the payment is refunded in full.";
    } else if (following || !gaveUp) {
      tone = "notice pending";
      message = (
        <>
          <span className="spinner" aria-hidden="true" /> Thank you! Your payment is being confirmed…
        </>
      );
    } else {
      tone = "notice pending";
      message = "Thank you! Your payment is still being confirmed: this can take a few minutes. Reload this page later to see it.";
    }
    return (
      <div className={`payment-banner ${tone}`} role="status">
        {message}
      </div>
    );
  }

  if (order.status !== "pending") return null;
  return (
    <div className="payment-banner notice pending" role="status">
      {arrival === "cancelled"
        ? "Your payment was not completed, and nothing was charged. Your order is kept for you: press Pay now to try again."
        : "Your order is placed, but the payment page could not be opened just now. Press Pay now to try again."}
    </div>
  );
}

/**
 * The time an unpaid order is kept: a fixed "until" (what a screen reader reads) and a countdown that changes
 * every second without being announced. Rendered after hydration only, so the server's clock never shows.
 */
function TimeToPay({ expiresAt, onTimeUp }: { expiresAt: string; onTimeUp: () => void }) {
  const [now, setNow] = useState<number | null>(null);
  const end = Date.parse(expiresAt);
  useEffect(() => {
    let timer: ReturnType<typeof setInterval> | undefined;
    const tick = () => {
      const t = Date.now();
      setNow(t);
      if (t >= end) {
        clearInterval(timer);
        onTimeUp();
        return false;
      }
      return true;
    };
    if (tick()) timer = setInterval(tick, 1_000);
    return () => clearInterval(timer);
  }, [end, onTimeUp]);

  if (now !== null && now >= end) {
    return (
      <p className="time-to-pay" role="status">
        The time to pay is up: the order is being cancelled and its items go back on sale.
      </p>
    );
  }
  return (
    <p className="time-to-pay">
      Kept for you until <time dateTime={expiresAt}>{formatDateTime(expiresAt)}</time>
      <span className="countdown" role="timer" aria-live="off">
        {now !== null && ` (${formatTimeLeft(end - now)} left)`}
      </span>
      . Unpaid by then, the order is cancelled.
    </p>
  );
}

/** The order's payment: method, status, what to do next (Pay now, or how a manual payment works) and the time left. */
export function PaymentDetails() {
  const { order, arrival, following, timeUp, onTimeUp } = useLiveOrder();
  const pending = order.status === "pending";
  // Not while a payment just made is being confirmed: it would only open a page that is already paid.
  const payable = pending && order.paymentMethod === "stripe" && !timeUp && !(arrival === "done" && following);
  return (
    <section className="panel payment" aria-labelledby="payment-title">
      <h2 id="payment-title">Payment</h2>
      <dl className="payment-facts">
        <div>
          <dt>Method</dt>
          <dd>{PAYMENT_METHOD_LABELS[order.paymentMethod]}</dd>
        </div>
        <div>
          <dt>Payment status</dt>
          <dd className="payment-status">{paymentStatusText(order)}</dd>
        </div>
      </dl>
      {pending && order.paymentMethod === "manual" && (
        <p>
          Thank you for your order. You pay when it is delivered, or by bank transfer quoting the order number {order.number}; the order is
          marked paid once the payment arrives.
        </p>
      )}
      {pending && order.expiresAt && <TimeToPay expiresAt={order.expiresAt} onTimeUp={onTimeUp} />}
      {payable && <PayNowButton orderId={order.id} />}
      {expiredUnpaid(order) && <p>This order was not paid in time, so it was cancelled and its items went back on sale.</p>}
    </section>
  );
}
