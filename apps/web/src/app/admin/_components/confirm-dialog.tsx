"use client";
import { useId, useRef, useState, type ReactNode } from "react";

export interface ConfirmDialogProps {
  /** The button that opens the dialog, e.g. "Archive". */
  triggerLabel: ReactNode;
  /** Its accessible name when the label alone is ambiguous ("Delete image 2"). */
  triggerAriaLabel?: string;
  title: string;
  children?: ReactNode;
  /** The confirming button, e.g. "Archive product". */
  confirmLabel: string;
  /** Runs the action; the dialog stays open (busy) until it settles, and closes when it succeeds. */
  onConfirm: () => Promise<unknown> | unknown;
  danger?: boolean;
  disabled?: boolean;
  triggerClassName?: string;
}

/**
 * A confirmation for destructive actions, on the native <dialog> (showModal): the page behind is inert, Escape
 * cancels, focus starts on Cancel (the safe choice) and returns to the button that opened it. A failure is shown
 * inside the dialog, which stays open.
 */
export function ConfirmDialog({ triggerLabel, triggerAriaLabel, title, children, confirmLabel, onConfirm, danger = true, disabled, triggerClassName }: ConfirmDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const titleId = useId();
  const bodyId = useId();

  function open() {
    setError(null);
    dialog.current?.showModal();
    cancel.current?.focus();
  }

  function close() {
    dialog.current?.close();
  }

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      close();
    } catch (e) {
      setError(e instanceof Error ? e.message : "Something went wrong");
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button
        ref={trigger}
        type="button"
        className={triggerClassName ?? (danger ? "danger secondary" : "secondary")}
        onClick={open}
        disabled={disabled}
        aria-label={triggerAriaLabel}
        aria-haspopup="dialog"
      >
        {triggerLabel}
      </button>
      <dialog
        ref={dialog}
        className="admin-dialog"
        aria-labelledby={titleId}
        aria-describedby={children ? bodyId : undefined}
        onClose={() => trigger.current?.focus()}
        onCancel={(event) => {
          if (busy) event.preventDefault();
        }}
      >
        <h2 id={titleId}>{title}</h2>
        {children && <div id={bodyId}>{children}</div>}
        {error && (
          <p className="alert" role="alert">
            {error}
          </p>
        )}
        <div className="admin-dialog-buttons">
          <button ref={cancel} type="button" className="secondary" onClick={close} disabled={busy}>
            Cancel
          </button>
          <button type="button" className={danger ? "danger" : undefined} onClick={confirm} disabled={busy}>
            {busy ? "Working…" : confirmLabel}
          </button>
        </div>
      </dialog>
    </>
  );
}
