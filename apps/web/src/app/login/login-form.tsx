"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState, type FormEvent } from "react";
import { errorMessage, errorRetryAfterSeconds, errorStatus } from "../../lib/errors";
import { useTRPC } from "../../trpc/client";
import { forgetSentCode, recallSentCode, rememberSentCode, type SentCode } from "./sent-code";

type Mode = "code" | "password" | "reset";

/** "45 seconds", "1 second", "12 minutes". */
function waitText(seconds: number): string {
  if (seconds < 60) return `${seconds} ${seconds === 1 ? "second" : "seconds"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} ${minutes === 1 ? "minute" : "minutes"}`;
}

const secondsUntil = (at: number | null) => (at === null ? 0 : Math.max(0, Math.ceil((at - Date.now()) / 1000)));

/** Seconds left until `at` (ms since epoch), re-rendering every second while some are left. */
function useSecondsUntil(at: number | null): number {
  const [seconds, setSeconds] = useState(() => secondsUntil(at));
  useEffect(() => {
    setSeconds(secondsUntil(at));
    if (at === null) return;
    const timer = setInterval(() => {
      const left = secondsUntil(at);
      setSeconds(left);
      if (left === 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [at]);
  return seconds;
}

/** Three ways in: a code by SMS (also creates the account), phone + password, and a password reset by SMS. */
export function LoginForm({ next }: { next: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [mode, setMode] = useState<Mode>("code");
  const [phone, setPhone] = useState("");
  const [codeSent, setCodeSent] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  // When another code may be asked for (ms since epoch): from the API's resendIn, or a 429's Retry-After.
  const [resendAt, setResendAt] = useState<number | null>(null);
  const resendIn = useSecondsUntil(resendAt);

  // A reload (or a tab restored) while a code is on its way: back to the code field for the code already sent.
  useEffect(() => {
    const sent = recallSentCode();
    if (!sent) return;
    setMode(sent.mode);
    setPhone(sent.phone);
    setCodeSent(true);
    setResendAt(sent.resendAt);
    setNotice(`We sent a code to ${sent.phone}. Enter it below.`);
  }, []);

  const sentTo = (sent: SentCode) => {
    rememberSentCode(sent);
    setCodeSent(true);
    setResendAt(sent.resendAt);
  };
  const onCodeSent = (m: "code" | "reset") => (r: { detail: string; expiresIn: number; resendIn: number }) => {
    const now = Date.now();
    sentTo({ mode: m, phone, expiresAt: now + r.expiresIn * 1000, resendAt: now + r.resendIn * 1000 });
    setNotice(r.detail);
  };
  // Asked again too soon (e.g. after a reload in another tab): the code sent before still works, so offer its field.
  const onSendRefused = (m: "code" | "reset") => (error: unknown) => {
    const seconds = errorRetryAfterSeconds(error);
    if (errorStatus(error) !== 429 || seconds === undefined) return;
    const now = Date.now();
    sentTo({ mode: m, phone, expiresAt: now + seconds * 1000, resendAt: now + seconds * 1000 });
  };

  const done = () => {
    router.push(next);
    router.refresh();
  };
  const requestCode = useMutation(trpc.session.requestCode.mutationOptions({ onSuccess: onCodeSent("code"), onError: onSendRefused("code") }));
  const verifyCode = useMutation(trpc.session.verifyCode.mutationOptions({ onSuccess: () => (forgetSentCode(), done()) }));
  const login = useMutation(trpc.session.login.mutationOptions({ onSuccess: done }));
  const requestReset = useMutation(trpc.session.requestReset.mutationOptions({ onSuccess: onCodeSent("reset"), onError: onSendRefused("reset") }));
  const resetPassword = useMutation(
    trpc.session.resetPassword.mutationOptions({
      onSuccess: () => {
        forgetSentCode();
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
    forgetSentCode();
    for (const x of [requestCode, verifyCode, login, requestReset, resetPassword]) x.reset();
  };
  const startOver = () => {
    setCodeSent(false);
    setNotice(null);
    forgetSentCode();
    requestCode.reset();
    requestReset.reset();
  };
  const field = (form: FormData, name: string) => String(form.get(name) ?? "");
  const optional = (form: FormData, name: string) => field(form, name) || undefined;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (mode === "password") return login.mutate({ phone, password: field(form, "password") });
    if (!codeSent) return (mode === "code" ? requestCode : requestReset).mutate({ phone });
    // The send's own refusal (e.g. "wait 40 seconds") is over once the code already sent is being used.
    requestCode.reset();
    requestReset.reset();
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
        {failure && (
          <p className="alert" role="alert">
            {errorMessage(failure)}
            {errorStatus(failure) === 429 && resendIn > 0 && `: ${waitText(resendIn)} left.`}
            {errorStatus(failure) === 429 && codeSent && " Enter the code you already received."}
          </p>
        )}

        <button type="submit" disabled={pending}>
          {mode === "password" ? "Sign in" : !codeSent ? (mode === "code" ? "Send code" : "Send reset code") : mode === "code" ? "Verify and sign in" : "Set new password"}
        </button>
        {codeSent && mode !== "password" && (
          <>
            {/* Not a live region: a countdown read out every second would drown everything else. */}
            <p className="muted small">{resendIn > 0 ? `You can ask for a new code in ${waitText(resendIn)}.` : "No code? You can ask for a new one."}</p>
            <button type="button" className="link" onClick={startOver}>
              Use another number or resend
            </button>
          </>
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
