/**
 * The real production server (dist/server.js in front of the Next.js build): the REST mount, tRPC mount, the OpenAPI document and the offline
 * Swagger UI / ReDoc pages. No CDN: every script and stylesheet a docs page references is served by the app.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebServer, type WebServer } from "./web-server";

let web: WebServer;
beforeAll(async () => {
  web = await startWebServer();
});
afterAll(async () => {
  await web?.stop();
});

/** src/href attributes of <script> and <link> tags. */
function assetRefs(html: string): string[] {
  return [...html.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
}

describe("REST and tRPC through Next.js", () => {
  it("GET /api/v1/health answers 200 directly, with and without the trailing slash", async () => {
    for (const path of ["/api/v1/health", "/api/v1/health/"]) {
      const res = await fetch(web.url + path, { redirect: "manual" });
      expect(res.status, path).toBe(200);
      expect(((await res.json()) as { status: string }).status).toBe("ok");
    }
  });

  it("the server answers /api/v1 itself, not through the Next.js pipeline; HEAD is a GET without a body", async () => {
    const res = await fetch(`${web.url}/api/v1/shop/categories/`);
    expect(res.status).toBe(200);
    // Next.js route handlers add their router Vary entries; the direct handler only varies on Origin (CORS).
    expect(res.headers.get("vary")).toBe("Origin");
    expect(res.headers.get("x-request-id")).toBeTruthy();
    expect(res.headers.get("content-length")).toBe(String((await res.arrayBuffer()).byteLength));
    const head = await fetch(`${web.url}/api/v1/health`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    // Pages still go through Next.js.
    expect((await fetch(`${web.url}/`)).headers.get("vary")).toMatch(/rsc/);
  });

  it("a POST body arrives through the node adapter, and oversized ones are refused with 413", async () => {
    const bad = await fetch(`${web.url}/api/v1/auth/login/`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ phone: "+14155550100", password: "not-the-password" }),
    });
    expect(bad.status).toBe(401);
    const big = await fetch(`${web.url}/api/v1/auth/login/`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ phone: "+14155550100", password: "x".repeat(2_000_000) }),
    });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
  });

  it("an unknown REST path is a 404 JSON error", async () => {
    const res = await fetch(`${web.url}/api/v1/shop/nothing-here/`, { redirect: "manual" });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: "NOT_FOUND", message: expect.any(String) });
  });

  it("serves the OpenAPI document listing /health", async () => {
    const res = await fetch(`${web.url}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown>; servers: { url: string }[] };
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.servers[0]?.url).toBe("/api/v1");
    expect(Object.keys(doc.paths)).toContain("/health");
  });

  it("serves the same router over tRPC at /api/trpc", async () => {
    const res = await fetch(`${web.url}/api/trpc/health.check`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: { data: { status: string } } };
    expect(body.result.data.status).toBe("ok");
  });
});

describe("API docs without internet", () => {
  for (const page of ["/swagger", "/redoc"]) {
    it(`${page} is HTML whose every script and style is served by the app`, async () => {
      const res = await fetch(web.url + page);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/text\/html/);
      const html = await res.text();
      const refs = assetRefs(html);
      expect(refs.length).toBeGreaterThan(0);
      expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/); // no CDN or other host anywhere in the page
      for (const ref of refs) {
        expect(ref.startsWith("/"), ref).toBe(true);
        const asset = await fetch(web.url + ref);
        expect(asset.status, ref).toBe(200);
        expect(asset.headers.get("content-type"), ref).toMatch(/javascript|css|png/);
        expect((await asset.arrayBuffer()).byteLength, ref).toBeGreaterThan(100);
      }
    });
  }

  it("an unknown docs asset is a 404, not a file from elsewhere on disk", async () => {
    for (const name of ["nope.js", "..%2Fpackage.json", "%2Fetc%2Fpasswd"]) {
      const res = await fetch(`${web.url}/docs-assets/${name}`);
      expect(res.status, name).toBe(404);
    }
  });
});
