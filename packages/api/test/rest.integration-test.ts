/**
 * The REST face (/api/v1) through the real handler with real Requests: status codes, headers and JSON shapes are
 * exactly what HTTP clients see. Real Postgres and Redis behind it.
 */
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createRedis, DomainError } from "@shop/core";
import { createTestDeps } from "./support";
import { createRestHandler } from "../src/rest";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "../src/trpc";
import { healthRouter } from "../src/router/health";

// Nothing listens on port 1: a Redis that is down.
const deadRedis = createRedis("redis://127.0.0.1:1", { failFast: true });
deadRedis.on("error", () => {});
const deps = createTestDeps({ config: { healthTimeoutMs: 500, maxBodyBytes: 4_096, corsOrigins: ["https://shop.example"] } });

afterAll(async () => {
  await deps.close();
  deadRedis.disconnect();
});

const handle = createRestHandler({ deps });
const base = "http://shop.test/api/v1";

const json = (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(base + path, {
    method,
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

interface ErrorBody {
  code: string;
  message: string;
  requestId: string;
  issues?: { path: string; message: string; code: string }[];
  details?: Record<string, unknown>;
}

// A router that exercises every method and the error paths the shop's real procedures rely on.
const Item = z.object({ id: z.string(), name: z.string(), quantity: z.number().int() });
const probeRouter = createTRPCRouter({
  health: healthRouter,
  probe: createTRPCRouter({
    get: publicProcedure
      .meta({ openapi: { method: "GET", path: "/probe/items/{id}" } })
      .input(z.object({ id: z.string() }))
      .output(Item)
      .query(({ input }) => ({ id: input.id, name: "got", quantity: 1 })),
    create: publicProcedure
      .meta({ openapi: { method: "POST", path: "/probe/items" } })
      .input(z.object({ name: z.string().min(2), quantity: z.number().int().min(1).max(5) }).strict())
      .output(Item)
      .mutation(({ input, ctx }) => {
        ctx.http.status = 201;
        return { id: "new", ...input };
      }),
    put: publicProcedure
      .meta({ openapi: { method: "PUT", path: "/probe/items/{id}" } })
      .input(z.object({ id: z.string(), name: z.string() }))
      .output(Item)
      .mutation(({ input }) => ({ ...input, quantity: 2 })),
    patch: publicProcedure
      .meta({ openapi: { method: "PATCH", path: "/probe/items/{id}" } })
      .input(z.object({ id: z.string(), quantity: z.number().int() }))
      .output(Item)
      .mutation(({ input }) => ({ ...input, name: "patched" })),
    remove: publicProcedure
      .meta({ openapi: { method: "DELETE", path: "/probe/items/{id}" } })
      .input(z.object({ id: z.string() }))
      .output(z.void())
      .mutation(({ ctx }) => {
        ctx.http.status = 204;
      }),
    conflict: publicProcedure
      .meta({ openapi: { method: "POST", path: "/probe/conflict" } })
      .input(z.void())
      .output(z.void())
      .mutation(() => {
        throw new DomainError("CONFLICT", "Only 3 left", { details: { available: 3 } });
      }),
    limited: publicProcedure
      .meta({ openapi: { method: "POST", path: "/probe/limited" } })
      .input(z.void())
      .output(z.void())
      .mutation(() => {
        throw new DomainError("RATE_LIMITED", "Slow down", { retryAfterSeconds: 41.2 });
      }),
    // Like POST /shop/orders/{id}/cancel: a protected operation whose only input is in the path.
    act: protectedProcedure
      .meta({ openapi: { method: "POST", path: "/probe/items/{id}/act", protect: true } })
      .input(z.object({ id: z.string() }))
      .output(Item)
      .mutation(({ input }) => ({ id: input.id, name: "acted", quantity: 1 })),
    crash: publicProcedure
      .meta({ openapi: { method: "GET", path: "/probe/crash" } })
      .input(z.void())
      .output(z.void())
      .query(() => {
        throw new Error('relation "secret_table" does not exist');
      }),
  }),
});
const probe = createRestHandler({ deps, router: probeRouter });

describe("GET /api/v1/health", () => {
  it("answers 200 with both dependencies up, with and without the trailing slash", async () => {
    for (const path of ["/health", "/health/"]) {
      const res = await handle(new Request(base + path));
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/application\/json/);
      expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
      const body = (await res.json()) as { status: string; checks: { database: { status: string }; redis: { status: string } } };
      expect(body.status).toBe("ok");
      expect(body.checks.database.status).toBe("up");
      expect(body.checks.redis.status).toBe("up");
    }
  });

  it("answers 503 with the same shape when Redis is down, within the check budget", async () => {
    const degraded = createRestHandler({ deps: { ...deps, redis: deadRedis } });
    const started = performance.now();
    const res = await degraded(new Request(`${base}/health/`));
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { status: string; checks: { database: { status: string }; redis: { status: string; error?: string } } };
    expect(body.status).toBe("degraded");
    expect(body.checks.database.status).toBe("up");
    expect(body.checks.redis.status).toBe("down");
    expect(body.checks.redis.error).not.toMatch(/127\.0\.0\.1|:1\b/);
  });

  it("keeps a well-formed caller request id and replaces a malformed one", async () => {
    const kept = await handle(new Request(`${base}/health`, { headers: { "x-request-id": "client-req-12345" } }));
    expect(kept.headers.get("x-request-id")).toBe("client-req-12345");
    const replaced = await handle(new Request(`${base}/health`, { headers: { "x-request-id": "bad id <script>" } }));
    expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("errors", () => {
  it("an unknown path is a 404 JSON error, for every method", async () => {
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
      const res = await handle(
        new Request(`${base}/no/such/thing/`, { method, ...(method === "GET" ? {} : { body: "{}", headers: { "content-type": "application/json" } }) }),
      );
      expect(res.status, method).toBe(404);
      const body = (await res.json()) as ErrorBody;
      expect(body).toMatchObject({ code: "NOT_FOUND", message: expect.any(String), requestId: expect.any(String) });
    }
  });

  it("validation errors are 400 and list every offending field", async () => {
    const res = await probe(json("POST", "/probe/items/", { name: "x", quantity: 9, price: 1 }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.code).toBe("BAD_REQUEST");
    expect(body.message).toBeTruthy();
    const paths = (body.issues ?? []).map((i) => i.path).sort();
    expect(paths).toEqual(["(root)", "name", "quantity"]);
    for (const issue of body.issues ?? []) expect(issue).toMatchObject({ message: expect.any(String), code: expect.any(String) });
  });

  it("malformed JSON is a 400 JSON error; a non-JSON content type is 415", async () => {
    const bad = await probe(json("POST", "/probe/items", "{not json"));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).code).toBe("PARSE_ERROR");
    const form = await probe(
      new Request(`${base}/probe/items`, { method: "POST", headers: { "content-type": "text/plain" }, body: "hi" }),
    );
    expect(form.status).toBe(415);
    expect(((await form.json()) as ErrorBody).code).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  it("an operation without a body accepts no content-type and an empty body (the README's curl); auth comes first", async () => {
    const token = (await deps.services.sessions.create({ id: (await deps.db.user.create({ data: { phone: `+4474${Date.now() % 1e8}`.padEnd(13, "0") }, select: { id: true } })).id, role: "customer" })).accessToken;
    const bare = (headers: Record<string, string>, body?: string) => probe(new Request(`${base}/probe/items/i1/act/`, { method: "POST", headers, body }));
    const ok = await bare({ authorization: `Bearer ${token}` });
    expect(ok.status, await ok.clone().text()).toBe(200);
    expect(await ok.json()).toMatchObject({ id: "i1", name: "acted" });
    expect((await bare({ authorization: `Bearer ${token}`, "content-type": "application/json" }, "")).status).toBe(200);
    expect((await bare({ authorization: `Bearer ${token}`, "content-type": "text/plain" })).status).toBe(200);
    // No token: 401, whatever the body or its type.
    for (const [headers, body] of [[{}, undefined], [{ "content-type": "text/plain" }, "hello"], [{ "content-type": "application/json" }, "{bad"]] as const) {
      const anonymous = await bare({ ...headers }, body);
      expect(anonymous.status, JSON.stringify(headers)).toBe(401);
      expect(((await anonymous.json()) as ErrorBody).code).toBe("UNAUTHORIZED");
    }
    // With a token, a body that is there but not JSON is still refused for what it is.
    expect((await bare({ authorization: `Bearer ${token}`, "content-type": "text/plain" }, "hello")).status).toBe(415);
    expect((await bare({ authorization: `Bearer ${token}`, "content-type": "application/json" }, "{bad")).status).toBe(400);
  });

  it("a DomainError keeps its status, message and details; Retry-After is set from it", async () => {
    const conflict = await probe(json("POST", "/probe/conflict/", undefined));
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toMatchObject({ code: "CONFLICT", message: "Only 3 left", details: { available: 3 } });
    const limited = await probe(json("POST", "/probe/limited", undefined));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("42");
    expect(await limited.json()).toMatchObject({ code: "TOO_MANY_REQUESTS", message: "Slow down" });
  });

  it("an unexpected error is a 500 that reveals nothing internal", async () => {
    const res = await probe(new Request(`${base}/probe/crash`));
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toMatch(/secret_table|stack|at /);
    expect(JSON.parse(text)).toMatchObject({ code: "INTERNAL_SERVER_ERROR", message: "Internal server error" });
  });

  it("a body over the limit is refused with 413, declared or streamed", async () => {
    const declared = await probe(json("POST", "/probe/items", { name: "x".repeat(5_000), quantity: 1 }));
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ code: "PAYLOAD_TOO_LARGE", message: expect.any(String) });
    const chunk = new TextEncoder().encode("x".repeat(1_000));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(chunk);
        controller.close();
      },
    });
    const streamed = await probe(
      new Request(`${base}/probe/items`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: stream,
        duplex: "half",
      } as RequestInit),
    );
    expect(streamed.status).toBe(413);
  });
});

describe("trailing slashes", () => {
  const cases: [string, string, unknown, number][] = [
    ["GET", "/probe/items/abc", undefined, 200],
    ["POST", "/probe/items", { name: "pen", quantity: 2 }, 201],
    ["PUT", "/probe/items/abc", { name: "cup" }, 200],
    ["PATCH", "/probe/items/abc", { quantity: 3 }, 200],
    ["DELETE", "/probe/items/abc", undefined, 204],
  ];
  for (const [method, path, body, status] of cases) {
    it(`${method} ${path} answers directly with and without the slash`, async () => {
      const bodies: string[] = [];
      for (const p of [path, `${path}/`]) {
        const res = await probe(
          method === "GET" || method === "DELETE" ? new Request(base + p, { method }) : json(method, p, body),
        );
        expect(res.status, `${method} ${p}`).toBe(status);
        expect(res.headers.get("location")).toBeNull();
        bodies.push(await res.text());
      }
      expect(bodies[0]).toBe(bodies[1]);
    });
  }

  it("the path parameter comes from the path, not a trailing empty segment", async () => {
    const res = await probe(new Request(`${base}/probe/items/xyz/`));
    expect(await res.json()).toEqual({ id: "xyz", name: "got", quantity: 1 });
  });
});

describe("CORS", () => {
  it("answers a preflight from an allowed origin with the permitted methods and headers", async () => {
    const res = await handle(
      new Request(`${base}/auth/login/`, {
        method: "OPTIONS",
        headers: { origin: "https://shop.example", "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
      }),
    );
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("https://shop.example");
    expect(res.headers.get("access-control-allow-methods")).toContain("POST");
    expect(res.headers.get("access-control-allow-headers")).toContain("authorization");
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
  });

  it("gives other origins no permission, on preflights and on responses", async () => {
    const pre = await handle(new Request(`${base}/health`, { method: "OPTIONS", headers: { origin: "https://evil.example" } }));
    expect(pre.headers.get("access-control-allow-origin")).toBeNull();
    const res = await handle(new Request(`${base}/health`, { headers: { origin: "https://evil.example" } }));
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    expect(res.headers.get("vary")).toContain("Origin");
    const ok = await handle(new Request(`${base}/health`, { headers: { origin: "https://shop.example" } }));
    expect(ok.headers.get("access-control-allow-origin")).toBe("https://shop.example");
    expect(ok.headers.get("access-control-expose-headers")).toContain("x-request-id");
  });
});
