"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { errorMessage } from "../../lib/errors";
import { useTRPC } from "../../trpc/client";

type Mode = "code" | "password" | "reset";

/** Three ways in: a code by SMS (also creates the account), phone + password, and a password reset by SMS. */
export function LoginForm({ next }: { next: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [mode, setMode] = useState<Mode>("code");
  const [phone, setPhone] = useState("");
  const [codeSent, setCodeSent] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const done = () => {
    router.push(next);
    router.refresh();
  };
  const requestCode = useMutation(trpc.session.requestCode.mutationOptions({ onSuccess: (r) => (setCodeSent(true), setNotice(r.detail)) }));
  const verifyCode = useMutation(trpc.session.verifyCode.mutationOptions({ onSuccess: done }));
  const login = useMutation(trpc.session.login.mutationOptions({ onSuccess: done }));
  const requestReset = useMutation(trpc.session.requestReset.mutationOptions({ onSuccess: (r) => (setCodeSent(true), setNotice(r.detail)) }));
  const resetPassword = useMutation(
    trpc.session.resetPassword.mutationOptions({
      onSuccess: () => {
        setMode("password");
        setCodeSent(false);
        setNotice("Password changed. Sign in with your new password.");
      },
    }),
  );
  const active = { code: [requestCode, verifyCode], password: [login], reset: [requestReset, resetPassword] }[mode];
  const failure = active.find((m) => m.error)?.error;
  const pending = active.some((m) => m.isPending);

  const switchTo = (m: Mode) => {
    setMode(m);
    setCodeSent(false);
    setNotice(null);
    for (const x of [requestCode, verifyCode, login, requestReset, resetPassword]) x.reset();
  };
  const field = (form: FormData, name: string) => String(form.get(name) ?? "");
  const optional = (form: FormData, name: string) => field(form, name) || undefined;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (mode === "password") return login.mutate({ phone, password: field(form, "password") });
    if (!codeSent) return (mode === "code" ? requestCode : requestReset).mutate({ phone });
    if (mode === "code") {
      return verifyCode.mutate({ phone, code: field(form, "code"), password: optional(form, "password"), name: optional(form, "name") });
    }
    resetPassword.mutate({ phone, code: field(form, "code"), newPassword: field(form, "newPassword") });
  }

  return (
    <div className="panel">
      <div className="tabs" role="tablist" aria-label="How to sign in">
        <button type="button" role="tab" aria-selected={mode === "code"} onClick={() => switchTo("code")}>
          Code by SMS
        </button>
        <button type="button" role="tab" aria-selected={mode === "password"} onClick={() => switchTo("password")}>
          Password
        </button>
      </div>
      <form className="stack" onSubmit={onSubmit} aria-label={mode === "reset" ? "Reset password" : "Sign in"}>
        {mode === "reset" && <h2>Reset your password</h2>}
        <label>
          Phone number
          <input name="phone" type="tel" autoComplete="tel" inputMode="tel" placeholder="+998 90 123 45 67" required value={phone} onChange={(e) => setPhone(e.target.value)} readOnly={codeSent} />
        </label>

        {mode === "password" && (
          <label>
            Password
            <input name="password" type="password" autoComplete="current-password" required minLength={1} />
          </label>
        )}

        {mode !== "password" && codeSent && (
          <label>
            Code
            <input name="code" inputMode="numeric" autoComplete="one-time-code" pattern="\d{6}" maxLength={6} required />
          </label>
        )}
        {mode === "code" && codeSent && (
          <>
            <label>
              Name <span className="muted">(new accounts, optional)</span>
              <input name="name" autoComplete="name" maxLength={120} />
            </label>
            <label>
              Password <span className="muted">(new accounts, optional: lets you sign in with it later)</span>
              <input name="password" type="password" autoComplete="new-password" minLength={8} maxLength={128} />
            </label>
          </>
        )}
        {mode === "reset" && codeSent && (
          <label>
            New password
            <input name="newPassword" type="password" autoComplete="new-password" minLength={8} maxLength={128} required />
          </label>
        )}

        {notice && !failure && <p className="notice" role="status">{notice}</p>}
        {failure && <p className="alert" role="alert">{errorMessage(failure)}</p>}

        <button type="submit" disabled={pending}>
          {mode === "password" ? "Sign in" : !codeSent ? (mode === "code" ? "Send code" : "Send reset code") : mode === "code" ? "Verify and sign in" : "Set new password"}
        </button>
        {codeSent && mode !== "password" && (
          <button type="button" className="link" onClick={() => (setCodeSent(false), setNotice(null))}>
            Use another number or resend
          </button>
        )}
        {mode === "password" && (
          <button type="button" className="link" onClick={() => switchTo("reset")}>
            Forgot your password?
          </button>
        )}
      </form>
    </div>
  );
}
