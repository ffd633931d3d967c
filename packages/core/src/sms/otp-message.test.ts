import { describe, expect, it } from "vitest";
import { otpMessageBody } from "./otp-message";

describe("otpMessageBody", () => {
  it("writes the registration text", () => {
    expect(otpMessageBody("123456", "register", { ttlMinutes: 5 })).toBe(
      "Your Shop verification code is 123456. It expires in 5 minutes.",
    );
  });

  it("writes the reset text with the app name", () => {
    const body = otpMessageBody("654321", "reset", { appName: "Acme", ttlMinutes: 10 });
    expect(body).toMatch(/^Your Acme password reset code is 654321\. It expires in 10 minutes\./);
    expect(body).toContain("ignore");
  });

  it("uses the singular for one minute and fits one SMS segment", () => {
    expect(otpMessageBody("123456", "register", { ttlMinutes: 1 })).toContain("expires in 1 minute.");
    expect(otpMessageBody("123456", "reset", { ttlMinutes: 10 }).length).toBeLessThanOrEqual(160);
  });
});
