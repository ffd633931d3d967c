import { describe, expect, it } from "vitest";
import { OTP_SMS_JOB_OPTIONS, OtpSmsJob, otpSmsJobId } from "./sms-job";

const valid = { challengeId: "chal_0123456789abcdef", purpose: "register", sealed: "x" };

describe("OtpSmsJob", () => {
  it("accepts a well-formed payload", () => {
    expect(OtpSmsJob.parse(valid)).toEqual(valid);
  });

  it.each([
    ["short challenge id", { challengeId: "abc" }],
    ["challenge id with ':'", { challengeId: "chal:0123456789abcdef" }],
    ["legacy phone not in E.164", { phone: "555-1234" }],
    ["empty seal", { sealed: "" }],
    ["unknown purpose", { purpose: "login" }],
  ])("rejects a %s", (_name, patch) => {
    expect(OtpSmsJob.safeParse({ ...valid, ...patch }).success).toBe(false);
  });
});

describe("otpSmsJobId", () => {
  it("is deterministic, never all digits, and has no ':'", () => {
    const id = otpSmsJobId("0123456789012345");
    expect(id).toBe(otpSmsJobId("0123456789012345"));
    expect(id).not.toMatch(/^\d+$/);
    expect(id).not.toContain(":");
  });

  it("keeps the retry policy in one place", () => {
    expect(OTP_SMS_JOB_OPTIONS).toMatchObject({ attempts: 5, backoff: { type: "exponential", delay: 1000 } });
  });
});
