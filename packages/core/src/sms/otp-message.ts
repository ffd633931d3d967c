import type { OtpPurpose } from "./sms-job";

export interface OtpMessageOptions {
  appName?: string;
  ttlMinutes: number;
}

/** The SMS text. Kept short: one GSM-7 segment, and the code early so phones can offer to autofill it. */
export function otpMessageBody(
  code: string,
  purpose: OtpPurpose,
  { appName = "Shop", ttlMinutes }: OtpMessageOptions,
): string {
  const minutes = `${ttlMinutes} minute${ttlMinutes === 1 ? "" : "s"}`;
  return purpose === "reset"
    ? `Your ${appName} password reset code is ${code}. It expires in ${minutes}. ` +
        "If you did not ask for it, ignore this message."
    : `Your ${appName} verification code is ${code}. It expires in ${minutes}.`;
}
