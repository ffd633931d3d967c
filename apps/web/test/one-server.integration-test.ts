/**
 * One server, one copy of each package (issue 13): development (`npm run dev`: Next.js in dev mode, the sources
 * through tsx) and production (`npm start`: dist/server.js and the Next.js build) answer /api/v1 through the
 * same code path, the web server's own REST handler, and everything in the process (that handler, the Next.js
 * route at /api/trpc, the pages) shares one set of services.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniquePhone } from "./faults/fixtures";
import { startWebServer, webDir, type WebServer } from "./web-server";

// Single-process mode: OTP state lives in the services' memory, so sharing it is observable from outside.
const singleProcess = { REDIS_URL: undefined, SHOP_SINGLE_PROCESS: "1" };
const servers: Partial<Record<"production" | "development", WebServer>> = {};

beforeAll(async () => {
  [servers.production, servers.development] = await Promise.all([
    startWebServer(singleProcess),
    startWebServer(singleProcess, 120_000, { dev: true }),
  ]);
}, 180_000);
afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s?.stop()));
});

describe.each(["production", "development"] as const)("%s", (mode) => {
  const web = () => servers[mode]!;

  it("answers /api/v1 itself: the REST handler's headers, not a Next.js route's", async () => {
    const res = await fetch(`${web().url}/api/v1/shop/products/?limit=2`);
    expect(res.status).toBe(200);
    // Next.js route handlers add their router Vary entries and no API CSP; the direct handler varies on Origin.
    expect(res.headers.get("vary")).toBe("Origin");
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers.get("content-length")).toBe(String((await res.arrayBuffer()).byteLength));
    // No Next.js route serves /api/v1 any more: an unknown path is the REST handler's JSON 404.
    const missing = await fetch(`${web().url}/api/v1/no-such-thing`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toMatch(/application\/json/);
  });

  it("the REST handler and Next.js's /api/trpc route share one set of services (the resend cooldown of one phone)", async () => {
    const phone = uniquePhone();
    const rest = await fetch(`${web().url}/api/v1/auth/register/`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ phone }),
    });
    expect(rest.status, await rest.clone().text()).toBe(202);
    const trpc = await fetch(`${web().url}/api/trpc/auth.register`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: web().url },
      body: JSON.stringify({ phone }),
    });
    // A second copy of the services would have its own memory store and send a second code.
    expect(trpc.status, await trpc.clone().text()).toBe(429);
  });

  it("a page catches the API's errors by class: an unknown product is a 404 page, not a 500", async () => {
    const res = await fetch(`${web().url}/products/no-such-product-${mode}`);
    expect(res.status).toBe(404);
  }, 120_000);
});

describe("the production build", () => {
  it("bundles no copy of the internal packages or of tRPC's server into the Next.js output", () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith(".js")) files.push(full);
      }
    };
    walk(path.join(webDir, ".next", "server"));
    expect(files.length).toBeGreaterThan(10);
    // String literals that survive minification: the names of @shop/core's DomainError and of TRPCError.
    const bundled = files.filter((file) => /["']DomainError["']|["']TRPCError["']/.test(readFileSync(file, "utf8")));
    expect(bundled.map((f) => path.relative(webDir, f))).toEqual([]);
  });
});
