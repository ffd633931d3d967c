/** Targets (issue 6) and the Markdown report. */

const fmt = (v, d = 1) => (v === null || v === undefined ? "–" : typeof v === "number" ? v.toFixed(d) : String(v));

/** The rate-limited scenarios must actually reach their rate, or their p99 says nothing. */
const reached = (s, rate) => s.rps >= rate * 0.95;

const TARGETS = {
  "list-rate": (s) => ({ goal: "p99 <= 50 ms at 200 req/s, no errors", pass: s.p99 <= 50 && reached(s, 200) && s.non2xx === 0 }),
  "search-rate": (s) => ({ goal: "p99 <= 80 ms at 100 req/s, no errors", pass: s.p99 <= 80 && reached(s, 100) && s.non2xx === 0 }),
  "list-ratio": (s) => ({ goal: ">= 40 % of baseline req/s", pass: s.ratio >= 0.4 && s.non2xx === 0 }),
  "detail-ratio": (s) => ({ goal: ">= 50 % of baseline req/s", pass: s.ratio >= 0.5 && s.non2xx === 0 }),
  "cart-rate": (s) => ({ goal: "p99 <= 100 ms at 100 req/s, no errors", pass: s.p99 <= 100 && reached(s, 100) && s.non2xx === 0 }),
  "facets-rate": (s) => ({ goal: "p99 <= 100 ms at 100 req/s, no errors", pass: s.p99 <= 100 && reached(s, 100) && s.non2xx === 0 }),
  "checkout-contention": (s) => ({
    goal: "exactly 10 of 200 succeed (HTTP and DB), p99 <= 1.5 s",
    pass: s.successes === 10 && s.dbOrders === 10 && s.dbStock === 0 && (s.statuses["409"] ?? 0) === 190 && s.p99 <= 1500,
    detail: `201: ${s.successes}, 409: ${s.statuses["409"] ?? 0}, other: ${s.requests - s.successes - (s.statuses["409"] ?? 0)}, orders in DB: ${s.dbOrders}, stock left: ${s.dbStock}`,
  }),
  "orders-rate": (s) => ({
    goal: ">= 100 orders/s, every order in the DB",
    pass: s.ordersPerSecond >= 100 && s.non2xx === 0 && s.dbOrders === s.requests,
    detail: `${s.dbOrders} orders in DB for ${s.requests} requests`,
  }),
  otp: (s) => ({
    goal: "register -> outbox p99 <= 500 ms at 20 req/s, all delivered",
    pass: s.p99 !== null && s.p99 <= 500 && s.missing === 0 && s.non2xx === 0,
    detail: `${s.delivered}/${s.requests} delivered, HTTP p50 ${fmt(s.httpP50)} ms / p99 ${fmt(s.httpP99)} ms`,
  }),
};

export function scenarioTargets(scenarios) {
  return scenarios
    .filter((s) => s.target)
    .map((s) => {
      const t = TARGETS[s.target](s);
      s.pass = t.pass;
      s.goal = t.goal;
      if (t.detail) s.detail = t.detail;
      return { scenario: s.name, goal: t.goal, pass: t.pass, ...(t.detail ? { detail: t.detail } : {}) };
    });
}

export function checks() {
  return [];
}

export function markdown(results) {
  const rows = results.scenarios.map(
    (s) =>
      `| ${s.name} | ${fmt(s.rps)} | ${fmt(s.p50, 2)} | ${fmt(s.p95, 2)} | ${fmt(s.p99, 2)} | ${fmt(s.max, 2)} | ${s.non2xx} | ${s.ratio !== undefined ? `${(s.ratio * 100).toFixed(0)} %` : s.baseline ? "(baseline)" : ""} | ${s.pass === undefined ? "" : s.pass ? "PASS" : "**FAIL**"} ${s.goal ? `(${s.goal})` : ""} |`,
  );
  const checkRows = results.checks.map((c) => `| ${c.name} | ${c.pass ? "PASS" : "**FAIL**"} | ${c.detail ?? ""} |`);
  const details = results.scenarios.filter((s) => s.detail).map((s) => `- ${s.name}: ${s.detail}`);
  return [
    `## Benchmark ${results.startedAt} (${results.machine.cpus} CPUs, Node ${results.machine.node}, ${results.elapsedSeconds} s end to end)`,
    "",
    "| scenario | req/s | p50 ms | p95 ms | p99 ms | max ms | non-2xx | vs baseline | target |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ...rows,
    "",
    ...details,
    "",
    "| check | result | detail |",
    "|---|---|---|",
    ...checkRows,
    "",
    `Targets: ${results.targets.filter((t) => t.pass).length}/${results.targets.length} pass; checks: ${results.checks.filter((c) => c.pass).length}/${results.checks.length} pass.`,
    "",
  ].join("\n");
}
