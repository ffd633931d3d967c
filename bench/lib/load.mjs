/**
 * The load generator, always run as its own process (node bench/lib/load.mjs <spec.json>), so its CPU use is not
 * charged to the server and the server's event loop never delays the client's clock. Drives autocannon with
 * the spec and prints one JSON result line on stdout. Latencies are collected per response (autocannon's own
 * histogram has no p95), so p50/p95/p99/max are exact over every response of the measured run.
 *
 * spec: { url, requests: [{ method, path, headers?, body?, rawBody? }], connections, overallRate?, duration?, amount?,
 *         warmupSeconds?, timeout? } -- requests rotate globally (request i uses requests[i % n]).
 * With overallRate: a steady open-loop rate over `overallRate` connections (see paced()); `connections` is
 * then unused. Without: `connections` closed-loop connections as fast as the server answers. burst: true keeps
 * autocannon's own overallRate limiter over `connections` (a burst of the whole second's quota at once).
 * rawBody: a string sent byte for byte (a signed webhook payload), with the request's own content-type header.
 */
import { readFileSync } from "node:fs";
import autocannon from "autocannon";

const spec = JSON.parse(readFileSync(process.argv[2], "utf8"));

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[i] * 100) / 100;
}

/** Every response of one measured run, across however many autocannon instances it takes. */
function collector() {
  const latencies = [];
  const statuses = {};
  let errors = 0;
  let timeouts = 0;
  return {
    watch(instance) {
      instance.on("response", (_client, statusCode, _bytes, responseTime) => {
        latencies.push(responseTime);
        statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      });
    },
    add(result) {
      errors += result.errors;
      timeouts += result.timeouts;
    },
    summary(elapsed) {
      latencies.sort((a, b) => a - b);
      const ok = Object.entries(statuses)
        .filter(([code]) => code.startsWith("2"))
        .reduce((sum, [, n]) => sum + n, 0);
      return {
        requests: latencies.length,
        seconds: Math.round(elapsed * 100) / 100,
        rps: Math.round((latencies.length / elapsed) * 10) / 10,
        okRps: Math.round((ok / elapsed) * 10) / 10,
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        p99: percentile(latencies, 99),
        max: latencies.length ? Math.round(latencies.at(-1) * 100) / 100 : null,
        non2xx: latencies.length - ok,
        statuses,
        errors,
        timeouts,
      };
    },
  };
}

let next = 0;
const variants = spec.requests;
const requests = [
  {
    setupRequest(req) {
      const v = variants[next++ % variants.length];
      req.method = v.method ?? "GET";
      req.path = v.path;
      req.headers = { ...(v.body !== undefined || v.rawBody !== undefined ? { "content-type": "application/json" } : {}), ...(v.headers ?? {}) };
      req.body = v.rawBody ?? (v.body !== undefined ? JSON.stringify(v.body) : undefined);
      return req;
    },
  },
];

const once = (options, collect) =>
  new Promise((resolve, reject) => {
    const instance = autocannon({ url: spec.url, pipelining: 1, timeout: spec.timeout ?? 10, requests, ...options }, (error, result) =>
      error ? reject(error) : resolve(collect?.add(result)),
    );
    collect?.watch(instance);
  });

/**
 * A steady rate. autocannon's own rate limit is a per-second quota per connection: every connection fires its
 * quota back to back when its second starts, so `overallRate: 200` arrives as a burst of 200 requests once a
 * second (200 in flight at once), not as 200 evenly spaced requests. Here the rate is spread over `rate`
 * single-connection autocannon clients of 1 request/s each, started 1000/rate ms apart: one request every
 * 1000/rate ms, each on a connection of its own (open loop: a slow answer does not delay the others).
 */
async function paced({ rate, duration, record }) {
  const collect = record ? collector() : undefined;
  const started = performance.now();
  const clients = [];
  for (let i = 0; i < rate; i++) {
    const startAt = started + (i * 1000) / rate;
    const wait = startAt - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    clients.push(once({ connections: 1, connectionRate: 1, duration }, collect));
  }
  await Promise.all(clients);
  // Each client ran `duration` seconds from its own start: the requests were sent over `duration` seconds.
  return collect?.summary(duration) ?? null;
}

async function closed({ duration, amount, record }) {
  const collect = record ? collector() : undefined;
  const started = performance.now();
  const rate = spec.burst ? { overallRate: spec.overallRate } : {};
  await once({ connections: spec.connections, ...rate, ...(amount ? { amount } : { duration }) }, collect);
  return collect?.summary((performance.now() - started) / 1000) ?? null;
}

// burst: autocannon's own overallRate (per-second bursts), kept as an informational worst case.
const run = (options) => (spec.overallRate && !spec.burst ? paced({ rate: spec.overallRate, ...options }) : closed(options));

if (spec.warmupSeconds) await run({ duration: spec.warmupSeconds, record: false });
const result = await run({ duration: spec.duration, amount: spec.amount, record: true });
process.stdout.write(`${JSON.stringify(result)}\n`);
