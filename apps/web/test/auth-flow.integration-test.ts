/**
 * The sign-up path end to end with real processes: the web server (production build) enqueues on the real otp-sms
 * queue, the real worker consumes it and the mock sender writes the SMS to the outbox, the code from that line
 * signs the user in, and the token opens the profile.
 */
import { randomInt } from "node:crypto";
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedSettings, startWorker, type SharedSettings, type WorkerProcess } from "./processes";
import { startWebServer, type WebServer } from "./web-server";

let settings: SharedSettings;
let web: WebServer;
let worker: WorkerProcess;

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

async function smsFor(phone: string, timeoutMs = 15_000): Promise<{ to: string; body: string; sentAt: string }> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const text = await readFile(settings.SMS_OUTBOX_PATH, "utf8").catch(() => "");
    const line = text
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { to: string; body: string; sentAt: string })
      .find((m) => m.to === phone);
    if (line) return line;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no SMS to ${phone} within ${timeoutMs} ms\nworker:\n${worker.output()}`);
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
