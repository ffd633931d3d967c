/**
 * The sign-up path end to end with real processes: the web server (production build) enqueues on the real otp-sms
 * queue, the real worker consumes it and the mock sender writes the SMS to the outbox, the code from that line
 * signs the user in, and the token opens the profile.
 */
import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readOutbox } from "@shop/core/sms";
import { startWorker, waitFor, type Collected } from "@shop/test-support";
import { sharedSettings, type SharedSettings } from "./processes";
import { startWebServer, type WebServer } from "./web-server";

let settings: SharedSettings;
let web: WebServer;
let worker: Collected;

beforeAll(async () => {
  settings = await sharedSettings();
  const env = { ...settings, OTP_RESEND_COOLDOWN_SECONDS: "10" };
  [web, worker] = await Promise.all([startWebServer(env), startWorker({ ...env })]);
});
afterAll(async () => {
  await Promise.all([web?.stop(), worker?.stop()]);
});

const post = (path: string, body: unknown, token?: string) =>
  fetch(`${web.url}/api/v1${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

function smsFor(phone: string, timeoutMs = 15_000) {
  return waitFor(`an SMS to ${phone}`, async () => (await readOutbox(settings.SMS_OUTBOX_PATH)).find((m) => m.to === phone), {
    timeoutMs,
    intervalMs: 100,
    detail: () => `worker:\n${worker.output()}`,
  });
}

describe("register → worker → outbox → verify", () => {
  it("signs a new user in with the code the worker texted", async () => {
    const phone = `+4474${String(randomInt(0, 100_000_000)).padStart(8, "0")}`;
    const spaced = `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`;
    const started = Date.now();
    const registered = await post("/auth/register/", { phone: spaced });
    expect(registered.status).toBe(202);
    expect(await registered.json()).toMatchObject({ expiresIn: 300, resendIn: 10 });

    const sms = await smsFor(phone);
    expect(Date.parse(sms.sentAt)).toBeGreaterThanOrEqual(started - 1_000);
    const code = /\b(\d{6})\b/.exec(sms.body)?.[1];
    expect(code, sms.body).toBeDefined();
    // The worker logs the delivery without the code.
    expect(worker.output()).not.toContain(code!);
    expect(web.output()).not.toContain(code!);

    const verified = await post("/auth/verify/", { phone, code, password: "end to end 1", name: "E2E" });
    expect(verified.status).toBe(200);
    const tokens = (await verified.json()) as { accessToken: string; refreshToken: string };
    const profile = await fetch(`${web.url}/api/v1/user/profile/`, { headers: { authorization: `Bearer ${tokens.accessToken}` } });
    expect(profile.status).toBe(200);
    expect(await profile.json()).toMatchObject({ phone, name: "E2E", role: "customer" });

    const login = await post("/auth/login/", { phone, password: "end to end 1" });
    expect(login.status).toBe(200);
  });
});
