import { describe, expect, it } from "vitest";
import { deliverOtpSms } from "./deliver-otp-sms";
import { sealOtpMessage } from "./otp-seal";
import type { OtpSmsJob } from "./sms-job";
import { SmsPermanentError, SmsTransientError, type SmsSender } from "./sms-sender";

const secret = "test-secret-0123456789-abcdefghijklmnop";

function recordingSender(fail?: Error): SmsSender & { sent: { to: string; body: string }[] } {
  const sent: { to: string; body: string }[] = [];
  return {
    name: "recording",
    sent,
    async send(to, body) {
      if (fail) throw fail;
      sent.push({ to, body });
      return { id: `msg-${sent.length}` };
    },
  };
}

const base = { challengeId: "chal_0123456789abcdef", purpose: "register" as const };
function job(code = "482913", overrides: Partial<OtpSmsJob> = {}, phone = "+15551234567"): OtpSmsJob {
  return { ...base, sealed: sealOtpMessage(secret, base, { phone, code }), ...overrides };
}

describe("deliverOtpSms", () => {
  it("opens the seal and sends the text to the phone", async () => {
    const sender = recordingSender();
    const result = await deliverOtpSms(job(), { sender, secret, ttlSeconds: 300 });
    expect(result).toEqual({ messageId: "msg-1", phoneLast4: "4567" });
    expect(sender.sent).toEqual([
      { to: "+15551234567", body: "Your Shop verification code is 482913. It expires in 5 minutes." },
    ]);
  });

  it("refuses an invalid payload without sending, naming fields but not values", async () => {
    const sender = recordingSender();
    const error = await deliverOtpSms({ ...job(), phone: "5551234567" } as OtpSmsJob, { sender, secret, ttlSeconds: 300 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SmsPermanentError);
    expect((error as Error).message).toContain("phone");
    expect((error as Error).message).not.toContain("5551234567");
    expect(sender.sent).toHaveLength(0);
  });

  it("refuses a seal made with another secret, or moved to another challenge", async () => {
    const sender = recordingSender();
    const other = "another-secret-0123456789-abcdefghijkl";
    const foreign = { ...job(), sealed: sealOtpMessage(other, base, { phone: "+15551234567", code: "482913" }) };
    await expect(deliverOtpSms(foreign, { sender, secret, ttlSeconds: 300 })).rejects.toBeInstanceOf(SmsPermanentError);
    const moved = job("482913", { challengeId: "chal_fedcba9876543210" });
    await expect(deliverOtpSms(moved, { sender, secret, ttlSeconds: 300 })).rejects.toBeInstanceOf(SmsPermanentError);
    expect(sender.sent).toHaveLength(0);
  });

  it("refuses a sealed value that is not a 6-digit code", async () => {
    const sender = recordingSender();
    await expect(deliverOtpSms(job("12345"), { sender, secret, ttlSeconds: 300 })).rejects.toThrow(/6-digit/);
  });

  it("passes the sender's transient errors through for the caller to retry", async () => {
    const sender = recordingSender(new SmsTransientError("down"));
    await expect(deliverOtpSms(job(), { sender, secret, ttlSeconds: 300 })).rejects.toBeInstanceOf(SmsTransientError);
  });
});
