/**
 * Targets (issues 6, 14, 16, 17) and the Markdown report. A fixed-rate scenario ("@N/s") is measured in several
 * runs (run.mjs): its row shows the median run (by p99), which its target is judged on, and the spread of p99 and
 * req/s over the runs.
 */

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
  "admin-list-rate": (s) => ({ goal: "p99 <= 100 ms at 50 req/s, no errors", pass: s.p99 <= 100 && reached(s, 50) && s.non2xx === 0 }),
  "html-rate": (s) => ({ goal: "p99 <= 150 ms at 50 req/s, no errors", pass: s.p99 <= 150 && reached(s, 50) && s.non2xx === 0 }),
  "webhook-rate": (s) => ({
    goal: ">= 200 events/s (each delivered twice at once), each applied exactly once",
    pass: s.eventsPerSecond >= 200 && s.exact,
    detail:
      `${s.events} events in ${s.requests} deliveries: ${s.eventsPerSecond} events/s; payment_events rows ${s.db.eventRows} ` +
      `(distinct ${s.db.distinctEvents}, outcome paid ${s.db.paidOutcomes}), orders paid ${s.db.ordersPaid}, ` +
      `status changes to paid ${s.db.paidTransitions}, payments paid ${s.db.paymentsPaid}`,
  }),
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

/** Web server RSS at the end of every max-throughput run (issue 17): at most 512 MB, per server process. */
export const RSS_LIMIT_MB = 512;
export function checks(scenarios) {
  const measured = scenarios.filter((s) => s.rssMB !== undefined);
  if (measured.length === 0) return [];
  const byServer = {};
  for (const s of measured) (byServer[s.server ?? "web"] ??= []).push(s);
  return Object.entries(byServer).map(([server, rows]) => {
    const peak = Math.max(...rows.map((s) => s.rssMB));
    return {
      name: `${server} server RSS at the end of its max-throughput runs <= ${RSS_LIMIT_MB} MB`,
      pass: peak <= RSS_LIMIT_MB,
      detail: `peak ${peak} MB; ${rows.map((s) => `${s.name}: ${s.rssMB}`).join(", ")}`,
    };
  });
}

const spread = (s) =>
  s.spread ? `${fmt(s.spread.p99[0], 2)}–${fmt(s.spread.p99[1], 2)} ms; ${fmt(s.spread.rps[0])}–${fmt(s.spread.rps[1])}/s` : "";

export function markdown(results) {
  const rows = results.scenarios.map(
    (s) =>
      `| ${s.name} | ${fmt(s.rps)} | ${fmt(s.p50, 2)} | ${fmt(s.p95, 2)} | ${fmt(s.p99, 2)} | ${fmt(s.max, 2)} | ${s.non2xx}${s.non2xxAllRuns > s.non2xx ? ` (all runs ${s.non2xxAllRuns})` : ""} | ${spread(s)} | ${s.ratio !== undefined ? `${(s.ratio * 100).toFixed(0)} %` : s.baseline ? "(baseline)" : ""} | ${s.rssMB ?? ""} | ${s.pass === undefined ? "" : s.pass ? "PASS" : "**FAIL**"} ${s.goal ? `(${s.goal})` : ""} |`,
  );
  const checkRows = results.checks.map((c) => `| ${c.name} | ${c.pass ? "PASS" : "**FAIL**"} | ${c.detail ?? ""} |`);
  const details = results.scenarios.filter((s) => s.detail).map((s) => `- ${s.name}: ${s.detail}`);
  return [
    `## Benchmark ${results.startedAt} (${results.machine.cpus} CPUs, Node ${results.machine.node}${results.machine.loadavg ? `, load average ${results.machine.loadavg.join(" / ")} at the start` : ""}, ${results.elapsedSeconds} s end to end)`,
    "",
    `Rows "@N/s": the median of ${results.runsPerRate ?? 1} runs by p99 (${results.rateSeconds ?? "–"} s measured each, one ${results.warmupSeconds ?? 3} s warm-up before the first); spread = min–max of p99 and of req/s over the runs. Max-throughput rows: one run of ${results.maxSeconds ?? "–"} s; RSS = the server's resident memory right after the run.`,
    "",
    "| scenario | req/s | p50 ms | p95 ms | p99 ms | max ms | non-2xx | spread (p99; req/s) | vs baseline | RSS MB | target |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
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
