import { describe, expect, it } from "vitest";
import { DEV_OTP_SECRET, open, openOtpMessage, otpAad, seal, sealOtpMessage } from "./otp-seal";

const secret = "test-secret-0123456789-abcdefghijklmnop";
const job = { challengeId: "chal_0123456789abcdef", purpose: "register" as const };
const message = { phone: "+15551234567", code: "482913" };

describe("sealOtpMessage / openOtpMessage", () => {
  it("round-trips phone and code", () => {
    const sealed = sealOtpMessage(secret, job, message);
    expect(openOtpMessage(secret, { ...job, sealed })).toEqual(message);
  });

  it("binds challenge and purpose into the AAD", () => {
    expect(otpAad(job)).toBe("v2|chal_0123456789abcdef|register");
  });

  it("never contains the code or the number, and differs on every seal (random IV)", () => {
    const a = sealOtpMessage(secret, job, message);
    const b = sealOtpMessage(secret, job, message);
    for (const text of [a, Buffer.from(a, "base64url").toString("latin1")]) {
      expect(text).not.toContain("482913");
      expect(text).not.toContain("5551234567");
    }
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it("rejects a tampered ciphertext or tag, and a truncated seal", () => {
    const raw = Buffer.from(sealOtpMessage(secret, job, message), "base64url");
    const flipped = Buffer.from(raw);
    flipped[14] = flipped[14]! ^ 0x01;
    expect(() => openOtpMessage(secret, { ...job, sealed: flipped.toString("base64url") })).toThrow(/could not be opened/);
    const tag = Buffer.from(raw);
    tag[tag.length - 1] = tag[tag.length - 1]! ^ 0x80;
    expect(() => openOtpMessage(secret, { ...job, sealed: tag.toString("base64url") })).toThrow();
    expect(() => openOtpMessage(secret, { ...job, sealed: raw.subarray(0, 20).toString("base64url") })).toThrow(/too short/);
  });

  it("rejects the seal moved to another challenge or purpose, or opened with another secret", () => {
    const sealed = sealOtpMessage(secret, job, message);
    expect(() => openOtpMessage(secret, { ...job, challengeId: "chal_fedcba9876543210", sealed })).toThrow();
    expect(() => openOtpMessage(secret, { ...job, purpose: "reset", sealed })).toThrow();
    expect(() => openOtpMessage(DEV_OTP_SECRET, { ...job, sealed })).toThrow();
  });

  it("still opens a job queued before phones were sealed (phone in the clear, code bound to it)", () => {
    const legacy = { ...job, phone: message.phone, sealed: seal(secret, "482913", `${job.challengeId}|${message.phone}|register`) };
    expect(openOtpMessage(secret, legacy)).toEqual(message);
    // Moving such a seal to another number still fails.
    expect(() => openOtpMessage(secret, { ...legacy, phone: "+15557654321" })).toThrow();
  });

  it("refuses secrets shorter than 32 characters", () => {
    expect(() => seal("short", "482913", "aad")).toThrow(/at least 32/);
    expect(() => open("short", "x".repeat(60), "aad")).toThrow(/at least 32/);
  });
});
