/**
 * Stripe webhook deliveries at full speed (issue 17): for up to `count` of the back office's pending orders
 * paid by card (lib/admin-orders.mjs seeds them) an open Checkout Session is recorded as Stripe would have it (a `payments` row
 * with the session's id and the order's amount), then each session's checkout.session.completed event is POSTed
 * to /api/v1/payments/stripe/webhook twice at once (adjacent requests of 16 closed-loop connections), signed the
 * way Stripe signs (Stripe-Signature: t=<unix time>,v1=<HMAC-SHA256 of "t.payload" with the webhook secret>, what
 * the SDK's generateTestHeaderString and stripeTestSignature produce). Afterwards the database must show each
 * event exactly once: one payment_events row per event id (outcome "paid"), every order paid with one status
 * change to paid, and every payment paid. Wired into run.mjs by one call to webhookScenario().
 */
import { createHmac, randomBytes } from "node:crypto";

/** The Stripe-Signature header for `payload` (scheme v1, as Stripe and its SDK's test helper make it). */
export function stripeSignature(payload, secret, timestamp = Math.floor(Date.now() / 1000)) {
  const v1 = createHmac("sha256", secret).update(`${timestamp}.${payload}`, "utf8").digest("hex");
  return `t=${timestamp},v1=${v1}`;
}

const WEBHOOK_PATH = "/api/v1/payments/stripe/webhook";

export async function webhookScenario({ db, webUrl, webhookSecret, load, results, log, count = 3000 }) {
  const tag = randomBytes(4).toString("hex");
  const { rows: orders } = await db.query(
    `SELECT id::text, total, currency FROM orders o
     WHERE status = 'pending' AND payment_method = 'stripe' AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.order_id = o.id)
     ORDER BY created_at DESC LIMIT $1`,
    [count],
  );
  log(`scenario webhook events: ${orders.length} pending orders' checkout sessions, each event delivered twice at once`);
  const sessions = orders.map((o, i) => ({ ...o, ref: `cs_test_bench${tag}${String(i).padStart(6, "0")}` }));
  await db.query(
    `INSERT INTO payments (id, order_id, provider, provider_ref, status, amount, currency, created_at, updated_at)
     SELECT gen_random_uuid(), s.order_id, 'stripe', s.ref, 'open', s.amount, s.currency, now(), now()
     FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[]) AS s(order_id, ref, amount, currency)`,
    [sessions.map((s) => s.id), sessions.map((s) => s.ref), sessions.map((s) => s.total), sessions.map((s) => s.currency)],
  );

  const post = (payload) => ({
    method: "POST",
    path: WEBHOOK_PATH,
    headers: { "content-type": "application/json", "stripe-signature": stripeSignature(payload, webhookSecret) },
    rawBody: payload,
  });
  const created = Math.floor(Date.now() / 1000);
  const event = (id, type, object) => JSON.stringify({ id, object: "event", api_version: "2025-01-27.acacia", created, livemode: false, type, data: { object } });

  // Warm-up (not measured): 400 events of a kind the shop records and ignores, the same two-at-once shape.
  const ignored = Array.from({ length: 400 }, (_, i) => post(event(`evt_bench${tag}_warm${i}`, "customer.created", { id: `cus_${i}`, object: "customer" })));
  await load({ url: webUrl, requests: ignored.flatMap((r) => [r, r]), connections: 16, amount: 2 * ignored.length, timeout: 30 });

  const eventIds = sessions.map((_, i) => `evt_test_bench${tag}${String(i).padStart(6, "0")}`);
  const deliveries = sessions.flatMap((s, i) => {
    const request = post(
      event(eventIds[i], "checkout.session.completed", {
        id: s.ref,
        object: "checkout.session",
        status: "complete",
        payment_status: "paid",
        amount_total: s.total,
        currency: s.currency.toLowerCase(),
        payment_intent: `pi_test_bench${tag}${i}`,
        client_reference_id: s.id,
        metadata: { orderId: s.id },
      }),
    );
    return [request, request];
  });
  const run = await load({ url: webUrl, requests: deliveries, connections: 16, amount: deliveries.length, timeout: 30 });

  const ids = sessions.map((s) => s.id);
  const { rows } = await db.query(
    `SELECT
       (SELECT count(*)::int FROM payment_events WHERE provider = 'stripe' AND event_id = ANY($1::text[])) AS "eventRows",
       (SELECT count(DISTINCT event_id)::int FROM payment_events WHERE provider = 'stripe' AND event_id = ANY($1::text[])) AS "distinctEvents",
       (SELECT count(*)::int FROM payment_events WHERE provider = 'stripe' AND event_id = ANY($1::text[]) AND outcome = 'paid') AS "paidOutcomes",
       (SELECT count(*)::int FROM orders WHERE id = ANY($2::uuid[]) AND status = 'paid') AS "ordersPaid",
       (SELECT count(*)::int FROM order_status_history WHERE order_id = ANY($2::uuid[]) AND to_status = 'paid') AS "paidTransitions",
       (SELECT count(*)::int FROM payments WHERE order_id = ANY($2::uuid[]) AND provider = 'stripe' AND status = 'paid') AS "paymentsPaid"`,
    [eventIds, ids],
  );
  const db_ = rows[0];
  const n = sessions.length;
  const entry = {
    name: "webhook events, each delivered twice at once (max)",
    target: "webhook-rate",
    ...run,
    events: n,
    eventsPerSecond: Math.round((n / run.seconds) * 10) / 10,
    exact:
      n > 0 &&
      run.requests === 2 * n &&
      run.non2xx === 0 &&
      db_.eventRows === n &&
      db_.distinctEvents === n &&
      db_.paidOutcomes === n &&
      db_.ordersPaid === n &&
      db_.paidTransitions === n &&
      db_.paymentsPaid === n,
    db: db_,
  };
  results.scenarios.push(entry);
  log(
    `  ${entry.eventsPerSecond} events/s (${run.rps} deliveries/s), p99 ${run.p99} ms, non-2xx ${run.non2xx}; ` +
      `rows ${db_.eventRows}/${n}, orders paid ${db_.ordersPaid}, paid transitions ${db_.paidTransitions}, payments paid ${db_.paymentsPaid}`,
  );
  return entry;
}
