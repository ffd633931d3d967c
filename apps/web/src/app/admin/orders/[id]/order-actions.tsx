"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { ConfirmDialog } from "../../_components/confirm-dialog";
import { Field, FormErrors, issuesOf } from "../../_components/form-errors";
import { formatMoney } from "../../../../lib/format";
import { useTRPC } from "../../../../trpc/client";
import { TRANSITION_LABEL, type AdminOrderStatus } from "../_lib/labels";

type Target = "paid" | "shipped" | "delivered" | "cancelled";
const TARGETS: readonly Target[] = ["paid", "shipped", "delivered", "cancelled"];

export interface OrderActionsProps {
  orderId: string;
  orderNumber: string;
  status: AdminOrderStatus;
  allowed: readonly AdminOrderStatus[];
  role: "admin" | "staff";
  /** What is left of the payment (minor units): cancelling a paid order gives it back first. */
  refundable: number;
  currency: string;
}

/**
 * The moves the order may make now (the API's allowedTransitions), each with the same optional note for the
 * order's history. Cancelling asks for confirmation (it cannot be undone, and refunds a paid order first); staff
 * are not offered to cancel a paid order, which is a refund and so an administrator's call.
 */
export function OrderActions({ orderId, orderNumber, status, allowed, role, refundable, currency }: OrderActionsProps) {
  const trpc = useTRPC();
  const router = useRouter();
  const noteId = useId();
  const [note, setNote] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const transition = useMutation(
    trpc.admin.orders.transition.mutationOptions({
      onSuccess: (order) => {
        setNote("");
        setDone(TRANSITION_LABEL[order.status].done);
        router.refresh();
      },
    }),
  );
  const targets = TARGETS.filter((t) => allowed.includes(t));
  const refundFirst = status === "paid" && refundable > 0;
  const staffCannotCancel = role === "staff" && refundFirst && targets.includes("cancelled");
  const moves = targets.filter((t) => t !== "cancelled");
  const issues = issuesOf(transition.error);
  const run = (to: Target) => {
    setDone(null);
    return transition.mutateAsync({ id: orderId, status: to, note: note.trim() || undefined });
  };

  if (targets.length === 0) {
    return (
      <p className="muted" role="status">
        {status === "delivered" ? "Delivered: nothing more to do." : status === "cancelled" ? "Cancelled: nothing more to do." : "No status change is possible now."}
        {done && ` ${done}`}
      </p>
    );
  }

  return (
    <div className="admin-actions-panel">
      <Field label="Note for the history (optional)" path="note" issues={issues} hint="e.g. a tracking number or why the order was cancelled; kept with the change">
        <textarea id={noteId} value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} rows={2} />
      </Field>
      <div className="admin-buttons">
        {moves.map((to) => (
          <button key={to} type="button" onClick={() => void run(to).catch(() => undefined)} disabled={transition.isPending}>
            {TRANSITION_LABEL[to].button}
          </button>
        ))}
        {targets.includes("cancelled") && !staffCannotCancel && (
          <ConfirmDialog
            triggerLabel="Cancel order…"
            title={`Cancel order ${orderNumber}?`}
            confirmLabel="Yes, cancel the order"
            disabled={transition.isPending}
            onConfirm={async () => {
              try {
                await run("cancelled");
              } catch (error) {
                // Field problems (the note) are shown next to the field once the dialog closes; others inside it.
                if (issuesOf(error).length === 0) throw error;
              }
            }}
          >
            <p>The items go back into stock and the customer is told by text. This cannot be undone.</p>
            {refundFirst && <p>The order is paid: {formatMoney(refundable, currency)} is refunded to the customer first.</p>}
            {note.trim() && <p>Note: “{note.trim()}”</p>}
          </ConfirmDialog>
        )}
      </div>
      {staffCannotCancel && <p className="muted small">Cancelling a paid order refunds it, which an administrator does.</p>}
      {transition.isPending && (
        <p className="muted small" role="status">
          Saving…
        </p>
      )}
      {done && !transition.isPending && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
      {transition.error && <FormErrors error={transition.error} shown={["note"]} />}
    </div>
  );
}
