import { describe, expect, it } from "vitest";
import { DEV_OTP_SECRET, openOtp, otpAad, sealOtp } from "./otp-seal";

const secret = "test-secret-0123456789-abcdefghijklmnop";
const job = { challengeId: "chal_0123456789abcdef", phone: "+15551234567", purpose: "register" as const };
const aad = otpAad(job);

describe("sealOtp / openOtp", () => {
  it("round-trips the code", () => {
    const sealed = sealOtp(secret, "482913", aad);
    expect(openOtp(secret, sealed, aad)).toBe("482913");
  });

  it("binds challenge, phone and purpose into the AAD", () => {
    expect(aad).toBe("chal_0123456789abcdef|+15551234567|register");
  });

  it("never contains the code, and differs on every seal (random IV)", () => {
    const a = sealOtp(secret, "482913", aad);
    const b = sealOtp(secret, "482913", aad);
    expect(a).not.toContain("482913");
    expect(Buffer.from(a, "base64url").toString("latin1")).not.toContain("482913");
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9_-]+$/);
    // iv (12) + 6 bytes of ciphertext + tag (16)
    expect(Buffer.from(a, "base64url")).toHaveLength(34);
  });

  it("rejects a tampered ciphertext", () => {
    const raw = Buffer.from(sealOtp(secret, "482913", aad), "base64url");
    raw[14] = raw[14]! ^ 0x01;
    expect(() => openOtp(secret, raw.toString("base64url"), aad)).toThrow(/could not be opened/);
  });

  it("rejects a tampered tag and a truncated seal", () => {
    const raw = Buffer.from(sealOtp(secret, "482913", aad), "base64url");
    raw[raw.length - 1] = raw[raw.length - 1]! ^ 0x80;
    expect(() => openOtp(secret, raw.toString("base64url"), aad)).toThrow();
    expect(() => openOtp(secret, raw.subarray(0, 20).toString("base64url"), aad)).toThrow(/too short/);
  });

  it("rejects the seal for another phone or purpose", () => {
    const sealed = sealOtp(secret, "482913", aad);
    expect(() => openOtp(secret, sealed, otpAad({ ...job, phone: "+15557654321" }))).toThrow();
    expect(() => openOtp(secret, sealed, otpAad({ ...job, purpose: "reset" }))).toThrow();
  });

  it("rejects another secret", () => {
    const sealed = sealOtp(secret, "482913", aad);
    expect(() => openOtp(DEV_OTP_SECRET, sealed, aad)).toThrow();
  });

  it("refuses secrets shorter than 32 characters", () => {
    expect(() => sealOtp("short", "482913", aad)).toThrow(/at least 32/);
  });
});
