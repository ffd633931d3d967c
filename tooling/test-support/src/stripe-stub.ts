/**
 * A local HTTP stub of the parts of Stripe's API the shop calls (Checkout Sessions, their expiry, refunds), with a
 * hosted payment page of its own, so tests and Playwright pay "by card" without the network. The official SDK is
 * pointed at it (STRIPE_API_BASE). Webhook deliveries are signed by the caller's `sign` (the SDK's test-header
 * helper), exactly as Stripe signs them. Every call's Idempotency-Key is recorded, and a repeated key answers the
 * first response, as Stripe does.
 */
import { randomBytes } from "node:crypto";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readBody } from "./http";

export interface StubSession {
  id: string;
  object: "checkout.session";
  url: string;
  status: "open" | "complete" | "expired";
  payment_status: "unpaid" | "paid";
  amount_total: number;
  currency: string;
  expires_at: number;
  payment_intent: string | null;
  client_reference_id: string | null;
  metadata: Record<string, string>;
  success_url: string;
  cancel_url: string;
}

export interface StubCall {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  authorization: string | undefined;
  form: Record<string, string>;
}

export interface StripeStub {
  url: string;
  sessions: Map<string, StubSession>;
  calls: StubCall[];
  refunds: { id: string; payment_intent: string; amount: number }[];
  /** Where the hosted page delivers its checkout.session.completed event (set by the test once the app runs). */
  webhookUrl: string | null;
  /** The customer pays on the hosted page: the session completes; returns the event Stripe would send. */
  pay(sessionId: string, overrides?: Partial<Pick<StubSession, "amount_total" | "currency">>): { event: StubEvent; payload: string };
  /** An event about a session, as Stripe would post it (not delivered). */
  event(type: string, session: StubSession): { event: StubEvent; payload: string };
  /** Posts a payload to webhookUrl with a signature made by `sign`; returns the app's status. */
  deliver(payload: string): Promise<number>;
  close(): Promise<void>;
}

export interface StubEvent {
  id: string;
  object: "event";
  type: string;
  created: number;
  data: { object: StubSession };
}

const id = (prefix: string) => `${prefix}_test_${randomBytes(12).toString("hex")}`;


export async function startStripeStub({ sign }: { sign: (payload: string) => string }): Promise<StripeStub> {
  const sessions = new Map<string, StubSession>();
  const calls: StubCall[] = [];
  const refunds: StripeStub["refunds"] = [];
  const replies = new Map<string, { status: number; body: unknown }>();
  let base = "";

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json", "request-id": id("req") });
    res.end(JSON.stringify(body));
  };
  const error = (status: number, message: string) => ({ status, body: { error: { type: "invalid_request_error", message } } });

  const makeEvent = (type: string, session: StubSession) => {
    const event: StubEvent = { id: id("evt"), object: "event", type, created: Math.floor(Date.now() / 1000), data: { object: { ...session } } };
    return { event, payload: JSON.stringify(event) };
  };

  const api = (method: string, path: string, form: Record<string, string>): { status: number; body: unknown } => {
    if (method === "POST" && path === "/v1/checkout/sessions") {
      const session: StubSession = {
        id: id("cs"),
        object: "checkout.session",
        url: "",
        status: "open",
        payment_status: "unpaid",
        amount_total: Number(form["line_items[0][price_data][unit_amount]"]) * Number(form["line_items[0][quantity]"] ?? 1),
        currency: form["line_items[0][price_data][currency]"] ?? "usd",
        expires_at: Number(form.expires_at ?? Math.floor(Date.now() / 1000) + 86_400),
        payment_intent: null,
        client_reference_id: form.client_reference_id ?? null,
        metadata: Object.fromEntries(Object.entries(form).filter(([k]) => k.startsWith("metadata[")).map(([k, v]) => [k.slice(9, -1), v])),
        success_url: form.success_url ?? "",
        cancel_url: form.cancel_url ?? "",
      };
      session.url = `${base}/pay/${session.id}`;
      sessions.set(session.id, session);
      return { status: 200, body: session };
    }
    const match = /^\/v1\/checkout\/sessions\/([^/]+)(\/expire)?$/.exec(path);
    if (match) {
      const session = sessions.get(match[1]!);
      if (!session) return error(404, "No such checkout.session");
      if (method === "GET" && !match[2]) return { status: 200, body: session };
      if (method === "POST" && match[2]) {
        if (session.status !== "open") return error(400, `Only Checkout Sessions with a status in [open] can be expired; this one is ${session.status}`);
        session.status = "expired";
        return { status: 200, body: session };
      }
    }
    if (method === "POST" && path === "/v1/refunds") {
      const refund = { id: id("re"), object: "refund", payment_intent: form.payment_intent ?? "", amount: Number(form.amount), status: "succeeded" };
      refunds.push(refund);
      return { status: 200, body: refund };
    }
    return error(404, `Unrecognized request URL (${method}: ${path})`);
  };

  const stub: StripeStub = {
    url: "",
    sessions,
    calls,
    refunds,
    webhookUrl: null,
    pay(sessionId, overrides = {}) {
      const session = sessions.get(sessionId);
      if (!session) throw new Error(`no session ${sessionId}`);
      session.status = "complete";
      session.payment_status = "paid";
      session.payment_intent ??= id("pi");
      return makeEvent("checkout.session.completed", { ...session, ...overrides });
    },
    event: makeEvent,
    async deliver(payload) {
      if (!stub.webhookUrl) throw new Error("webhookUrl is not set");
      const res = await fetch(stub.webhookUrl, {
        method: "POST",
        headers: { "content-type": "application/json", "stripe-signature": sign(payload), "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)" },
        body: payload,
      });
      await res.arrayBuffer();
      return res.status;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", base);
    const body = await readBody(req);
    // The hosted payment page: a Pay button and a way back.
    const page = /^\/pay\/([^/]+)(\/cancel)?$/.exec(url.pathname);
    if (page) {
      const session = sessions.get(page[1]!);
      if (!session) return json(res, 404, { error: "no such session" });
      if (req.method === "GET") {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        res.end(`<!doctype html><html lang="en"><head><title>Stub checkout</title></head><body><main>
          <h1>Pay ${(session.amount_total / 100).toFixed(2)} ${session.currency.toUpperCase()}</h1>
          <p>Status: ${session.status}</p>
          <form method="post" action="/pay/${session.id}"><button type="submit">Pay</button></form>
          <form method="post" action="/pay/${session.id}/cancel"><button type="submit">Back to the shop</button></form>
        </main></body></html>`);
        return;
      }
      if (page[2]) {
        res.writeHead(303, { location: session.cancel_url });
        return res.end();
      }
      if (session.status !== "open") return json(res, 400, { error: `session is ${session.status}` });
      const { payload } = stub.pay(session.id);
      await stub.deliver(payload).catch(() => undefined);
      res.writeHead(303, { location: session.success_url });
      return res.end();
    }
    const form = Object.fromEntries(new URLSearchParams(body));
    const key = req.headers["idempotency-key"] as string | undefined;
    calls.push({ method: req.method ?? "GET", path: url.pathname, idempotencyKey: key, authorization: req.headers.authorization, form });
    const replayKey = key ? `${req.method} ${url.pathname} ${key}` : null;
    const answer = (replayKey && replies.get(replayKey)) || api(req.method ?? "GET", url.pathname, form);
    if (replayKey && !replies.has(replayKey)) replies.set(replayKey, answer);
    json(res, answer.status, answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stub.url = base;
  return stub;
}
