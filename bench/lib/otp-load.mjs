/**
 * OTP delivery latency, as its own process: POST /auth/register at a fixed rate, each with a distinct phone, while
 * tailing the mock SMS outbox; latency = when the line for that phone appeared minus when the request was sent.
 * spec: { url, outbox, rate, seconds, phonePrefix, start, graceMs }
 */
import { open, stat, watch } from "node:fs/promises";
import { existsSync, readFileSync } from "node:fs";

const spec = JSON.parse(readFileSync(process.argv[2], "utf8"));
const sentAt = new Map();
const seenAt = new Map();
const statuses = {};
const httpLatencies = [];

// Tail: read whatever was appended since the last read, on every change notification and on a 5 ms poll.
let offset = existsSync(spec.outbox) ? (await stat(spec.outbox)).size : 0;
let partial = "";
let reading = false;
async function drain() {
  if (reading || !existsSync(spec.outbox)) return;
  reading = true;
  try {
    const file = await open(spec.outbox, "r");
    try {
      const { size } = await file.stat();
      if (size > offset) {
        const buffer = Buffer.alloc(size - offset);
        await file.read(buffer, 0, buffer.length, offset);
        offset = size;
        const now = performance.now();
        const lines = (partial + buffer.toString("utf8")).split("\n");
        partial = lines.pop() ?? "";
        for (const line of lines) {
          try {
            const { to } = JSON.parse(line);
            if (sentAt.has(to) && !seenAt.has(to)) seenAt.set(to, now);
          } catch {
            // not a whole line
          }
        }
      }
    } finally {
      await file.close();
    }
  } finally {
    reading = false;
  }
}
const poll = setInterval(drain, 5);
const watcher = (async () => {
  try {
    for await (const _ of watch(spec.outbox.replace(/[^/]+$/, ""))) await drain();
  } catch {
    // the poll covers it
  }
})();

const total = Math.round(spec.rate * spec.seconds);
const interval = 1000 / spec.rate;
const begin = performance.now();
const pending = [];
for (let i = 0; i < total; i++) {
  const due = begin + i * interval;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  const phone = `${spec.phonePrefix}${String(spec.start + i).padStart(8, "0")}`;
  const t0 = performance.now();
  sentAt.set(phone, t0);
  pending.push(
    fetch(`${spec.url}/api/v1/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ phone }),
    })
      .then(async (res) => {
        await res.arrayBuffer();
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        httpLatencies.push(performance.now() - t0);
        if (res.status !== 202) sentAt.delete(phone);
      })
      .catch(() => {
        statuses.error = (statuses.error ?? 0) + 1;
        sentAt.delete(phone);
      }),
  );
}
await Promise.all(pending);
const elapsed = (performance.now() - begin) / 1000;
const deadline = performance.now() + spec.graceMs;
while (seenAt.size < sentAt.size && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
await drain();
clearInterval(poll);
void watcher;

const sorted = [...seenAt.entries()].map(([phone, t]) => t - sentAt.get(phone)).sort((a, b) => a - b);
const http = httpLatencies.sort((a, b) => a - b);
const pct = (arr, p) => (arr.length ? Math.round(arr[Math.min(arr.length - 1, Math.ceil((p / 100) * arr.length) - 1)] * 100) / 100 : null);
const ok = statuses[202] ?? 0;
process.stdout.write(
  `${JSON.stringify({
    requests: total,
    seconds: Math.round(elapsed * 100) / 100,
    rps: Math.round((total / elapsed) * 10) / 10,
    okRps: Math.round((ok / elapsed) * 10) / 10,
    p50: pct(sorted, 50),
    p95: pct(sorted, 95),
    p99: pct(sorted, 99),
    max: sorted.length ? Math.round(sorted.at(-1) * 100) / 100 : null,
    non2xx: total - ok,
    delivered: sorted.length,
    missing: sentAt.size - seenAt.size,
    httpP50: pct(http, 50),
    httpP99: pct(http, 99),
    statuses,
  })}\n`,
);
process.exit(0);
