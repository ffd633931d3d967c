import { describe, expect, it } from "vitest";
import twilio from "twilio";
import { SmsPermanentError, SmsTransientError } from "./sms-sender";
import { classifyTwilioError, createTwilioSender } from "./twilio-sender";

const restError = (statusCode: number, body: unknown) => new twilio.RestException({ statusCode, body });

describe("classifyTwilioError", () => {
  it.each([21211, 21610, 21614])("gives up on a 400 with recipient code %i", (code) => {
    const mapped = classifyTwilioError(restError(400, { code, message: "The 'To' number +15551234567 is not valid" }));
    expect(mapped).toBeInstanceOf(SmsPermanentError);
    expect(mapped.providerCode).toBe(code);
    // Twilio's own text quotes the number; ours must not.
    expect(mapped.message).not.toContain("5551234567");
  });

  it("gives up on other 4xx answers (credentials, sender)", () => {
    expect(classifyTwilioError(restError(401, { code: 20003 }))).toBeInstanceOf(SmsPermanentError);
  });

  it.each([429, 500, 503])("retries HTTP %i", (status) => {
    expect(classifyTwilioError(restError(status, "<html>oops</html>"))).toBeInstanceOf(SmsTransientError);
  });

  it("retries network failures", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" });
    const mapped = classifyTwilioError(refused);
    expect(mapped).toBeInstanceOf(SmsTransientError);
    expect(mapped.message).toContain("ECONNREFUSED");
  });
});

describe("createTwilioSender", () => {
  it("needs a sender number or messaging service", () => {
    expect(() => createTwilioSender({ accountSid: `AC${"0".repeat(32)}`, authToken: "t" })).toThrow(/from/);
  });

  it("maps an unreachable API to a transient error", async () => {
    // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    const sender = createTwilioSender({
      accountSid: `AC${"0".repeat(32)}`,
      authToken: "t",
      from: "+15550000000",
      baseUrl: "http://127.0.0.1:9",
    });
    await expect(sender.send("+15551234567", "hi")).rejects.toBeInstanceOf(SmsTransientError);
  });
});
