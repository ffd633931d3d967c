/**
 * The checks of `npm run scale-out` (bench/scale-out.mjs) that talk HTTP themselves. Requests go through
 * node:http so a check can pick its source address on the loopback (127.0.0.2, 127.0.0.3, ...): nginx then sees
 * a different client per check, and each check has per-IP budgets of its own.
 */
import http from "node:http";
import { readFileSync, existsSync } from "node:fs";

const agents = new Map();
function agentFor(localAddress) {
  const key = localAddress ?? "";
  if (!agents.has(key)) agents.set(key, new http.Agent({ keepAlive: true, maxSockets: 256, localAddress }));
  return agents.get(key);
}
export function closeAgents() {
  for (const a of agents.values()) a.destroy();
}

/**
 * One request; resolves { status, headers, body } or { status: 0, error } on a network error or a timeout
 * (never rejects, so retry loops stay simple).
 */
export function request(base, { method = "GET", path, headers = {}, body, from, timeoutMs = 30_000 }) {
  const url = new URL(path, base);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve) => {
    const req = http.request(
      url,
      {
        method,
        agent: agentFor(from),
        headers: { ...(payload ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } : {}), ...headers },
        timeout: timeoutMs,
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (text += d));
        res.on("end", () => {
          let json;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode, headers: res.headers, body: json, text });
        });
        res.on("error", (error) => resolve({ status: 0, error: error.message }));
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", (error) => resolve({ status: 0, error: error.code ?? error.message }));
    req.end(payload);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const bearer = (token) => ({ authorization: `Bearer ${token}` });
const tally = (list) => list.reduce((acc, s) => ((acc[s] = (acc[s] ?? 0) + 1), acc), {});

// ------------------------------------------------------------------------------------------------ 1. limits

/**
 * Per phone: bursts of `burst` sends of one number through nginx (round robin: every other one on the other
 * instance), `rounds` times, each after the resend cooldown. Expected: one 202 per round while the hourly limit
 * lasts (the cooldown), then none (the hourly limit): `perPhone` accepted in all.
 */
export async function perPhoneLimit({ lb, phone, from, burst, rounds, cooldownSeconds, perPhone }) {
  const seen = [];
  const upstreams = new Set();
  for (let round = 0; round < rounds; round++) {
    if (round > 0) await sleep(cooldownSeconds * 1000 + 1_000);
    const statuses = [];
    for (let i = 0; i < burst; i++) {
      const r = await request(lb, { method: "POST", path: "/api/v1/auth/register", body: { phone }, from });
      statuses.push(r.status);
      if (r.headers?.["x-upstream"]) upstreams.add(r.headers["x-upstream"]);
    }
    seen.push(statuses);
  }
  const accepted = seen.flat().filter((s) => s === 202).length;
  const expectedPerRound = seen.map((_, round) => (round < perPhone ? 1 : 0));
  const pass =
    upstreams.size >= 2 &&
    accepted === perPhone &&
    seen.every((statuses, round) => statuses.filter((s) => s === 202).length === expectedPerRound[round]) &&
    seen.flat().every((s) => s === 202 || s === 429);
  return {
    pass,
    detail: `${accepted} accepted of ${seen.flat().length} over ${rounds} rounds (limit ${perPhone}/h, cooldown ${cooldownSeconds}s); rounds: ${seen
      .map((s) => JSON.stringify(tally(s)))
      .join(" ")}; instances: ${[...upstreams].join(" + ")}`,
  };
}

/**
 * Per IP: distinct numbers from one client address, each request claiming another address in X-Forwarded-For
 * (nginx appends the real one; the app trusts one hop). Expected: exactly `perIp` accepted, then 429.
 */
export async function perIpLimit({ lb, phones, from, perIp }) {
  const statuses = [];
  const upstreams = new Set();
  for (const [i, phone] of phones.entries()) {
    const r = await request(lb, {
      method: "POST",
      path: "/api/v1/auth/register",
      body: { phone },
      from,
      headers: { "x-forwarded-for": `198.51.100.${(i % 250) + 1}` },
    });
    statuses.push(r.status);
    if (r.headers?.["x-upstream"]) upstreams.add(r.headers["x-upstream"]);
  }
  const pass =
    upstreams.size >= 2 &&
    statuses.slice(0, perIp).every((s) => s === 202) &&
    statuses.slice(perIp).every((s) => s === 429);
  return {
    pass,
    detail: `${statuses.filter((s) => s === 202).length} accepted of ${statuses.length} distinct numbers (limit ${perIp}/h, spoofed X-Forwarded-For ignored): ${statuses.join(" ")}; instances: ${[...upstreams].join(" + ")}`,
  };
}

// ------------------------------------------------------------------------------------------------ 2. sessions

/** The 6-digit code last texted to `phone`, waiting for a worker to write it to the outbox. */
async function codeFor(outbox, phone, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(outbox)) {
      const lines = readFileSync(outbox, "utf8").split("\n").filter(Boolean);
      for (const line of lines.reverse()) {
        try {
          const m = JSON.parse(line);
          const code = m.to === phone && /\b(\d{6})\b/.exec(m.body)?.[1];
          if (code) return code;
        } catch {
          // a partial line
        }
      }
    }
    await sleep(100);
  }
  throw new Error(`no SMS for ${phone} in the outbox within ${timeoutMs} ms`);
}

/**
 * Sign up with an SMS code directly on web A; the access token works on web B and through nginx (on both
 * instances); the refresh token rotates on B; the new access token works on A; the rotated-away refresh token is
 * then refused on A (reuse detection sees B's rotation).
 */
export async function sessionAcrossInstances({ webA, webB, lb, outbox, phone, from }) {
  const steps = [];
  const step = (name, ok, status) => steps.push({ name, ok, status });
  const reg = await request(webA, { method: "POST", path: "/api/v1/auth/register", body: { phone }, from });
  step("register on A", reg.status === 202, reg.status);
  const code = await codeFor(outbox, phone);
  const verify = await request(webA, {
    method: "POST",
    path: "/api/v1/auth/verify",
    body: { phone, code, password: "scale-out-Passw0rd!", name: "Scale Out" },
    from,
  });
  step("verify on A", verify.status === 200 && Boolean(verify.body?.accessToken), verify.status);
  const { accessToken, refreshToken } = verify.body ?? {};
  const profile = (base, token) => request(base, { path: "/api/v1/user/profile", headers: bearer(token), from });
  const onB = await profile(webB, accessToken);
  step("access token on B", onB.status === 200 && onB.body?.phone === phone, onB.status);
  const viaLb = [await profile(lb, accessToken), await profile(lb, accessToken)];
  step(
    `access token via nginx (${viaLb.map((r) => r.headers?.["x-upstream"]).join(", ")})`,
    viaLb.every((r) => r.status === 200) && new Set(viaLb.map((r) => r.headers?.["x-upstream"])).size === 2,
    viaLb.map((r) => r.status).join("/"),
  );
  const refreshed = await request(webB, { method: "POST", path: "/api/v1/auth/refresh", body: { refreshToken }, from });
  step("refresh on B", refreshed.status === 200 && Boolean(refreshed.body?.accessToken), refreshed.status);
  const newOnA = await profile(webA, refreshed.body?.accessToken);
  step("B's new access token on A", newOnA.status === 200, newOnA.status);
  const reuse = await request(webA, { method: "POST", path: "/api/v1/auth/refresh", body: { refreshToken }, from });
  step("rotated refresh token refused on A", reuse.status === 401, reuse.status);
  return {
    pass: steps.every((s) => s.ok),
    detail: steps.map((s) => `${s.name}: ${s.status}${s.ok ? "" : " (FAIL)"}`).join("; "),
  };
}

// ------------------------------------------------------------------------------------------------ 4. SIGKILL

/**
 * One shopper placing orders one after another for `seconds`: add one unit to the cart, then POST the order with
 * a new Idempotency-Key, retrying the SAME key on a network error, 502, 503 or 409 (still running: the claim of
 * a request that died with its process is taken over after the abandonment timeout) until a 201 or a replay.
 */
export async function orderingClient({ lb, token, productId, seconds, from, onAnswer }) {
  const keys = [];
  const until = Date.now() + seconds * 1000;
  let n = 0;
  const retryable = (s) => s === 0 || s === 502 || s === 503 || s === 504 || s === 409;
  while (Date.now() < until) {
    // The cart: a retried add may add a second unit; that is still one order.
    for (;;) {
      const r = await request(lb, { method: "POST", path: "/api/v1/shop/cart", headers: bearer(token), body: { productId, quantity: 1 }, from });
      onAnswer(r);
      if (r.status >= 200 && r.status < 300) break;
      if (!retryable(r.status)) throw new Error(`add to cart: ${r.status} ${r.text}`);
      await sleep(200);
    }
    const key = `scale-${token.slice(-8)}-${n++}`;
    let attempts = 0;
    for (;;) {
      attempts++;
      const r = await request(lb, { method: "POST", path: "/api/v1/shop/orders", headers: { ...bearer(token), "idempotency-key": key }, body: {}, from });
      onAnswer(r);
      if (r.status === 201 || (r.status >= 200 && r.status < 300 && r.headers["idempotent-replayed"] === "true")) {
        keys.push({ key, orderId: r.body?.id, replayed: r.headers["idempotent-replayed"] === "true", attempts });
        break;
      }
      if (!retryable(r.status)) throw new Error(`order ${key}: ${r.status} ${r.text}`);
      await sleep(r.status === 409 ? 1_000 : 200);
    }
  }
  return keys;
}

export { sleep, tally };
