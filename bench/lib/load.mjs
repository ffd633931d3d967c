/**
 * The load generator, always run as its own process (node bench/lib/load.mjs <spec.json>), so its CPU use is not
 * charged to the server and the server's event loop never delays the client's clock. Drives autocannon with
 * the spec and prints one JSON result line on stdout. Latencies are collected per response (autocannon's own
 * histogram has no p95), so p50/p95/p99/max are exact over every response of the measured run.
 *
 * spec: { url, requests: [{ method, path, headers?, body? }], connections, overallRate?, duration?, amount?,
 *         warmupSeconds?, timeout? } -- requests rotate globally (request i uses requests[i % n]).
 */
import { readFileSync } from "node:fs";
import autocannon from "autocannon";

const spec = JSON.parse(readFileSync(process.argv[2], "utf8"));

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[i] * 100) / 100;
}

function run({ duration, amount, record }) {
  let next = 0;
  const variants = spec.requests;
  const requests = [
    {
      setupRequest(req) {
        const v = variants[next++ % variants.length];
        req.method = v.method ?? "GET";
        req.path = v.path;
        req.headers = { ...(v.body !== undefined ? { "content-type": "application/json" } : {}), ...(v.headers ?? {}) };
        req.body = v.body !== undefined ? JSON.stringify(v.body) : undefined;
        return req;
      },
    },
  ];
  const latencies = [];
  const statuses = {};
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        pipelining: 1,
        timeout: spec.timeout ?? 10,
        ...(spec.overallRate ? { overallRate: spec.overallRate } : {}),
        ...(amount ? { amount } : { duration }),
        requests,
      },
      (error, result) => {
        if (error) return reject(error);
        const elapsed = (performance.now() - started) / 1000;
        if (!record) return resolve(null);
        latencies.sort((a, b) => a - b);
        const ok = Object.entries(statuses)
          .filter(([code]) => code.startsWith("2"))
          .reduce((sum, [, n]) => sum + n, 0);
        resolve({
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
          errors: result.errors,
          timeouts: result.timeouts,
        });
      },
    );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    });
  });
}

if (spec.warmupSeconds) await run({ duration: spec.warmupSeconds, record: false });
const result = await run({ duration: spec.duration, amount: spec.amount, record: true });
process.stdout.write(`${JSON.stringify(result)}\n`);
