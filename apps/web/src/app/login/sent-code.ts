/**
 * Which code is on its way, kept for this tab (sessionStorage) so that a reload goes back to the code field instead
 * of asking again and meeting the resend cooldown. Only the phone number, the purpose and the times: never the code.
 */
export interface SentCode {
  mode: "code" | "reset";
  phone: string;
  /** When the code stops working, ms since epoch. */
  expiresAt: number;
  /** When another one may be asked for, ms since epoch. */
  resendAt: number;
}

const KEY = "shop.login.sent-code";

export function rememberSentCode(sent: SentCode): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(sent));
  } catch {
    // Storage off (private mode, quota): the page still works, a reload just starts over.
  }
}

export function recallSentCode(now = Date.now()): SentCode | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const sent = JSON.parse(raw) as Partial<SentCode>;
    const valid =
      (sent.mode === "code" || sent.mode === "reset") &&
      typeof sent.phone === "string" &&
      typeof sent.expiresAt === "number" &&
      typeof sent.resendAt === "number" &&
      sent.expiresAt > now;
    if (valid) return sent as SentCode;
    sessionStorage.removeItem(KEY);
    return null;
  } catch {
    return null;
  }
}

export function forgetSentCode(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // see rememberSentCode
  }
}
