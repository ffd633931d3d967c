"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmDialog } from "../../_components/confirm-dialog";
import { Field, FormErrors, issuesOf } from "../../_components/form-errors";
import { useTRPC } from "../../../../trpc/client";
import { ROLE_HINT, ROLE_LABEL, ROLE_VALUES, type Role } from "../_lib/roles";

/** An administrator changes what an account may do; it applies on the account's very next request. */
export function RoleForm({ customerId, role, self }: { customerId: string; role: Role; self: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [chosen, setChosen] = useState<Role>(role);
  const [done, setDone] = useState<string | null>(null);
  const change = useMutation(
    trpc.admin.customers.changeRole.mutationOptions({
      onSuccess: (profile) => {
        setDone(`The role is now ${ROLE_LABEL[profile.role]}.`);
        router.refresh();
      },
    }),
  );
  const issues = issuesOf(change.error);
  return (
    <form
      className="admin-form"
      aria-label="Role"
      onSubmit={(event) => {
        event.preventDefault();
        setDone(null);
        change.mutate({ id: customerId, role: chosen });
      }}
    >
      <Field label="Role" path="role" issues={issues} hint={ROLE_HINT[chosen]}>
        <select name="role" value={chosen} onChange={(e) => setChosen(e.target.value as Role)}>
          {ROLE_VALUES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABEL[r]}
            </option>
          ))}
        </select>
      </Field>
      {self && chosen !== "admin" && <p className="muted small">This is your own account: you would lose access to this page.</p>}
      <div className="admin-buttons">
        <button type="submit" disabled={change.isPending || chosen === role}>
          {change.isPending ? "Saving…" : "Change role"}
        </button>
      </div>
      {change.error && <FormErrors error={change.error} shown={["role"]} />}
      {done && !change.error && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
    </form>
  );
}

/**
 * Block (with a reason, confirmed: every session of the account ends at once and it cannot sign in) or unblock.
 */
export function BlockControls({ customerId, name, blocked, self }: { customerId: string; name: string; blocked: boolean; self: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [reason, setReason] = useState("");
  const [missingReason, setMissingReason] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const onSuccess = (message: string) => () => {
    setDone(message);
    setReason("");
    router.refresh();
  };
  const block = useMutation(trpc.admin.customers.block.mutationOptions({ onSuccess: onSuccess(`${name} is blocked and signed out everywhere.`) }));
  const unblock = useMutation(trpc.admin.customers.unblock.mutationOptions({ onSuccess: onSuccess(`${name} can sign in again.`) }));
  const issues = missingReason ? [{ path: "reason", message: "Say why the account is blocked" }] : issuesOf(block.error);

  if (self) return <p className="muted">You cannot block your own account.</p>;

  if (blocked) {
    return (
      <div className="admin-actions-panel">
        <ConfirmDialog
          triggerLabel="Unblock…"
          title={`Unblock ${name}?`}
          confirmLabel="Unblock"
          danger={false}
          onConfirm={async () => {
            setDone(null);
            await unblock.mutateAsync({ id: customerId });
          }}
        >
          <p>They can sign in again. Sessions ended by the block stay ended.</p>
        </ConfirmDialog>
        {done && (
          <p className="notice" role="status">
            {done}
          </p>
        )}
      </div>
    );
  }

  return (
    <form className="admin-form" aria-label="Block" noValidate onSubmit={(event) => event.preventDefault()}>
      <Field label="Reason" path="reason" issues={issues} hint="For the shop only; the customer is told that the account is blocked, not why">
        <input
          name="reason"
          value={reason}
          onChange={(e) => {
            setReason(e.target.value);
            setMissingReason(false);
          }}
          maxLength={200}
          autoComplete="off"
        />
      </Field>
      <div className="admin-buttons">
        <ConfirmDialog
          triggerLabel="Block…"
          title={`Block ${name}?`}
          confirmLabel="Block the account"
          onConfirm={async () => {
            setDone(null);
            block.reset();
            if (!reason.trim()) {
              setMissingReason(true);
              return; // the dialog closes; the message is next to the field
            }
            try {
              await block.mutateAsync({ id: customerId, reason: reason.trim() });
            } catch (error) {
              if (issuesOf(error).length === 0) throw error;
            }
          }}
        >
          <p>Every session of this account ends now, and signing in is refused until it is unblocked.</p>
          {reason.trim() && <p>Reason: “{reason.trim()}”</p>}
        </ConfirmDialog>
      </div>
      {!missingReason && block.error && <FormErrors error={block.error} shown={["reason"]} />}
      {done && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
    </form>
  );
}
