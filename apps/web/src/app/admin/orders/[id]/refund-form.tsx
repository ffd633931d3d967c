"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmDialog } from "../../_components/confirm-dialog";
import { Field, FormErrors, issuesOf, type FieldIssue } from "../../_components/form-errors";
import { formatMoney } from "../../../../lib/format";
import { useTRPC } from "../../../../trpc/client";
import { formatAmount, parseAmount } from "../_lib/amount";

/**
 * An administrator gives money back: an amount (all that is left by default) and a reason, confirmed before it
 * goes to the payment provider. The order's status does not change; the page shows the new refund once done.
 */
export function RefundForm({ orderId, orderNumber, refundable, currency }: { orderId: string; orderNumber: string; refundable: number; currency: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [amountText, setAmountText] = useState(() => formatAmount(refundable, currency));
  const [reason, setReason] = useState("");
  const [localIssues, setLocalIssues] = useState<FieldIssue[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const refund = useMutation(
    trpc.admin.orders.refund.mutationOptions({
      onSuccess: (r) => {
        setDone(`Refunded ${formatMoney(r.amount, r.currency)}.`);
        setReason("");
        router.refresh();
      },
    }),
  );
  // After a refund the page brings the new remainder: the amount offered follows it.
  const [offered, setOffered] = useState(refundable);
  if (offered !== refundable) {
    setOffered(refundable);
    setAmountText(formatAmount(refundable, currency));
  }
  const amount = parseAmount(amountText, currency);
  const issues = [...localIssues, ...issuesOf(refund.error)];

  /** The checks a person should hear about before the dialog opens; the API checks again. */
  function check(): FieldIssue[] {
    const found: FieldIssue[] = [];
    if (amount === undefined || Number.isNaN(amount) || amount <= 0) found.push({ path: "amount", message: `An amount like ${formatAmount(refundable, currency)}` });
    else if (amount > refundable) found.push({ path: "amount", message: `At most ${formatMoney(refundable, currency)} can still be refunded` });
    if (!reason.trim()) found.push({ path: "reason", message: "Say why the money is given back" });
    return found;
  }

  if (refundable <= 0) {
    return (
      <div className="stack">
        <p className="muted">Nothing is left to refund.</p>
        {done && (
          <p className="notice" role="status">
            {done}
          </p>
        )}
      </div>
    );
  }

  return (
    <form
      className="admin-form"
      aria-label="Refund"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
      }}
    >
      <p className="muted small">Up to {formatMoney(refundable, currency)} can be refunded. The order keeps its status.</p>
      <Field label={`Amount (${currency})`} path="amount" issues={issues}>
        <input name="amount" inputMode="decimal" value={amountText} onChange={(e) => setAmountText(e.target.value)} maxLength={12} autoComplete="off" />
      </Field>
      <Field label="Reason" path="reason" issues={issues} hint="Kept with the refund, e.g. “damaged in transit”">
        <input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} autoComplete="off" />
      </Field>
      <div className="admin-buttons">
        <ConfirmDialog
          triggerLabel="Refund…"
          title={`Refund order ${orderNumber}?`}
          confirmLabel={amount && !Number.isNaN(amount) ? `Refund ${formatMoney(amount, currency)}` : "Refund"}
          disabled={refund.isPending}
          onConfirm={async () => {
            const found = check();
            setLocalIssues(found);
            setDone(null);
            refund.reset();
            if (found.length) return; // the dialog closes; the messages are next to the fields
            try {
              await refund.mutateAsync({ id: orderId, amount: amount!, reason: reason.trim() });
            } catch (error) {
              if (issuesOf(error).length === 0) throw error;
            }
          }}
        >
          <p>
            {amount && !Number.isNaN(amount) ? formatMoney(amount, currency) : "The amount"} goes back to the customer through the payment
            provider. This cannot be undone.
          </p>
          {reason.trim() && <p>Reason: “{reason.trim()}”</p>}
        </ConfirmDialog>
      </div>
      {localIssues.length === 0 && refund.error && <FormErrors error={refund.error} shown={["amount", "reason"]} />}
      {done && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
    </form>
  );
}
