import { randomBytes, randomInt } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { QueueEvents } from "bullmq";
import { otpSmsJobId, sealOtpMessage, type OtpSmsJob } from "@shop/core/sms";
import { readBody } from "@shop/test-support";

export const TEST_OTP_SECRET = "worker-test-otp-secret-0123456789abcdef";

/** A fresh challenge with a random code that appears nowhere else in the payload (so "contains" checks mean it). */
export function otpFixture(secret = TEST_OTP_SECRET, purpose: OtpSmsJob["purpose"] = "register") {
  const challengeId = randomBytes(16).toString("base64url");
  const phone = `+1555${String(randomInt(0, 10_000_000)).padStart(7, "0")}`;
  let code: string;
  do code = String(randomInt(100_000, 1_000_000));
  while (phone.includes(code) || challengeId.includes(code));
  const sealed = sealOtpMessage(secret, { challengeId, purpose }, { phone, code });
  const job: OtpSmsJob = { challengeId, purpose, sealed };
  return { job, code, phone, jobId: otpSmsJobId(challengeId) };
}

export interface JobOutcome {
  state: "completed" | "failed";
  returnvalue?: unknown;
  failedReason?: string;
}

/**
 * Resolves when the job completes or fails for good (QueueEvents' "failed" is final; a retry emits "delayed").
 * Listen before adding the job: with removeOnComplete it is gone by the time one could look it up.
 */
export function watchJob(events: QueueEvents, jobId: string): Promise<JobOutcome> {
  return new Promise((resolve) => {
    const onCompleted = (e: { jobId: string; returnvalue: unknown }) => {
      if (e.jobId === jobId) finish({ state: "completed", returnvalue: e.returnvalue });
    };
    const onFailed = (e: { jobId: string; failedReason: string }) => {
      if (e.jobId === jobId) finish({ state: "failed", failedReason: e.failedReason });
    };
    const finish = (outcome: JobOutcome) => {
      events.off("completed", onCompleted);
      events.off("failed", onFailed);
      resolve(outcome);
    };
    events.on("completed", onCompleted);
    events.on("failed", onFailed);
  });
}

export interface StubRequest {
  path: string;
  authorization: string | undefined;
  form: Record<string, string>;
  /** 0: the client went away before the (delayed) answer, so nothing was sent. */
  status: number;
}

/** One scripted answer: an HTTP status, a Twilio error code, and how long to hold the request first. */
export interface StubAnswer {
  status: number;
  code?: number;
  delayMs?: number;
}

/**
 * Twilio's Messages endpoint on loopback. Each recipient gets a script of HTTP statuses to answer with, in order
 * (then 201); 400 answers carry a Twilio error code, like the real API. A `delayMs` holds the request first (a
 * slow provider), and a client that disconnects meanwhile gets nothing (recorded with status 0).
 */
export async function startTwilioStub(accountSid: string, authToken: string) {
  const requests: StubRequest[] = [];
  const scripts = new Map<string, StubAnswer[]>();
  const arrivals: { to: string | undefined; at: number }[] = [];
  const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;
  const messagesPath = `/2010-04-01/Accounts/${accountSid}/Messages.json`;

  const server = createServer(async (req, res) => {
    const form = Object.fromEntries(new URLSearchParams(await readBody(req)));
    arrivals.push({ to: form.To, at: Date.now() });
    let gone = false;
    res.on("close", () => (gone = !res.writableFinished));
    const send = (status: number, payload: unknown) => {
      requests.push({ path: req.url ?? "", authorization: req.headers.authorization, form, status });
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(payload));
    };
    const error = (status: number, code: number, message: string) =>
      send(status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

    if (req.method !== "POST" || req.url !== messagesPath) return error(404, 20404, "The requested resource was not found");
    if (req.headers.authorization !== expectedAuth) return error(401, 20003, "Authenticate");
    if (!form.To || !form.Body || !(form.From || form.MessagingServiceSid)) {
      return error(400, 21604, "A 'To', 'Body' and 'From' or 'MessagingServiceSid' are required");
    }
    const next = scripts.get(form.To)?.shift();
    if (next?.delayMs) {
      const until = Date.now() + next.delayMs;
      while (!gone && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
      if (gone) {
        requests.push({ path: req.url ?? "", authorization: req.headers.authorization, form, status: 0 });
        return;
      }
    }
    if (next && next.status >= 500) {
      return send(next.status, { code: 20500, message: "Internal Server Error", status: next.status });
    }
    if (next && next.status !== 201) {
      return error(next.status, next.code ?? 21211, `The 'To' number ${form.To} is not a valid phone number.`);
    }
    const sid = `SM${randomBytes(16).toString("hex")}`;
    const now = new Date().toUTCString().replace("GMT", "+0000");
    send(201, {
      account_sid: accountSid,
      api_version: "2010-04-01",
      body: form.Body,
      date_created: now,
      date_sent: null,
      date_updated: now,
      direction: "outbound-api",
      error_code: null,
      error_message: null,
      from: form.From ?? null,
      messaging_service_sid: form.MessagingServiceSid ?? null,
      num_media: "0",
      num_segments: "1",
      price: null,
      price_unit: "USD",
      sid,
      status: form.MessagingServiceSid ? "accepted" : "queued",
      subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}/Media.json` },
      to: form.To,
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    /** Statuses to answer for this recipient before succeeding. */
    script(to: string, answers: StubAnswer[]) {
      scripts.set(to, answers);
    },
    /** Requests received for this recipient so far, answered or not (a held one counts at once). */
    received: (to: string) => arrivals.filter((a) => a.to === to).length,
    delivered: (to: string) => requests.filter((r) => r.form.To === to && r.status === 201),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
