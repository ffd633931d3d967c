// Smoke test of `npm start` with no DATABASE_URL: the real start script boots the embedded Postgres (PGlite),
// migrates, loads the demo catalog, starts the production web app and the worker, and stops cleanly on Ctrl-C.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

let dataDir = "";
afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe("npm start without DATABASE_URL", () => {
  it("boots PGlite, migrates, seeds, serves /api/v1/health and stops on SIGINT", { timeout: 240_000 }, async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "shop-start-"));
    const [webPort, pgPort] = [await freePort(), await freePort()];
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(webPort),
      EMBEDDED_PG_PORT: String(pgPort),
      SHOP_DATA_DIR: dataDir,
      // A queue prefix of its own so this run's worker never touches other tests' queues.
      QUEUE_PREFIX: `start-${webPort}`,
    };
    delete env.DATABASE_URL;
    delete env.JWT_SECRET;
    delete env.OTP_SECRET;
    delete env.SMS_OUTBOX_PATH;
    const child = spawn(process.execPath, ["scripts/start.mjs", "--skip-install"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += String(d)));
    child.stderr.on("data", (d) => (output += String(d)));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

    try {
      const deadline = Date.now() + 200_000;
      while (!output.includes("The shop is running") && Date.now() < deadline && child.exitCode === null) {
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(output, output).toContain("The shop is running");
      expect(output).toContain("(embedded Postgres)");
      expect(output).toContain(`http://127.0.0.1:${webPort}/swagger`);

      const res = await fetch(`http://127.0.0.1:${webPort}/api/v1/health/`);
      expect([200, 503]).toContain(res.status);
      const health = (await res.json()) as { checks: { database: { status: string } } };
      expect(health.checks.database.status).toBe("up");

      // The worker it started texts sign-up codes into the mock outbox under the data directory.
      const phone = `+4474${String(Date.now() % 100_000_000).padStart(8, "0")}`;
      const registered = await fetch(`http://127.0.0.1:${webPort}/api/v1/auth/register/`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ phone }),
      });
      expect(registered.status, output).toBe(202);
      let sms: string | undefined;
      for (let i = 0; i < 100 && !sms; i++) {
        sms = (await readFile(path.join(dataDir, "sms-outbox.jsonl"), "utf8").catch(() => ""))
          .split("\n")
          .find((line) => line.includes(phone));
        if (!sms) await new Promise((r) => setTimeout(r, 200));
      }
      expect(sms, output).toMatch(/\b\d{6}\b/);
      // Secrets were generated once and kept for the next start.
      const secrets = JSON.parse(await readFile(path.join(dataDir, "secrets.json"), "utf8")) as Record<string, string>;
      expect(secrets.JWT_SECRET).toMatch(/^[0-9a-f]{64}$/);

      const client = new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:${pgPort}/postgres` });
      await client.connect();
      try {
        const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM products");
        expect(rows[0]?.n).toBeGreaterThanOrEqual(50);
      } finally {
        await client.end();
      }
    } finally {
      child.kill("SIGINT");
    }
    expect(await exited, output).toBe(0);
    expect(output).toContain("stopped");
    // The embedded database is gone with it.
    await expect(
      new Promise((resolve, reject) => {
        const s = net.connect({ host: "127.0.0.1", port: pgPort });
        s.once("connect", () => (s.destroy(), resolve("open")));
        s.once("error", reject);
      }),
    ).rejects.toThrow();
  });
});
