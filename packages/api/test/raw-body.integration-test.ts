/**
 * Operations with a non-JSON body or answer (raw-body.ts), on a router of their own mounted like appRouter: a raw
 * body reaches the procedure as bytes under its own limit and media types, a CSV answer is streamed, and
 * everything else (errors, Accept, the JSON limit) behaves as on every other operation.
 */
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { DomainError } from "@shop/core";
import { createRestHandler } from "../src/rest";
import { createTRPCRouter, publicProcedure } from "../src/trpc";
import { createTestDeps } from "./support";

const deps = createTestDeps({ config: { maxBodyBytes: 1_024, maxUploadBytes: 64 * 1_024 } });
afterAll(() => deps.close());

let pulled = 0;
const router = createTRPCRouter({
  upload: publicProcedure
    .meta({
      rawBody: { contentTypes: ["text/csv", "multipart/form-data"], limit: "upload", schema: { type: "string" } },
      openapi: { method: "POST", path: "/files/{name}", protect: false },
    })
    .input(z.object({ name: z.string() }))
    .output(z.object({ name: z.string(), bytes: z.number(), contentType: z.string(), firstLine: z.string(), fileSize: z.number().optional() }))
    .mutation(async ({ ctx, input }) => {
      const bytes = ctx.req.rawBytes;
      if (!bytes) throw new DomainError("VALIDATION", "Send the file as the request body");
      const contentType = ctx.req.rawContentType ?? "";
      const firstLine = new TextDecoder().decode(bytes).split("\n")[0]!;
      if (!contentType.startsWith("multipart/")) return { name: input.name, bytes: bytes.byteLength, contentType, firstLine };
      const form = await new Response(bytes, { headers: { "content-type": contentType } }).formData();
      const file = form.get("file") as File;
      return { name: input.name, bytes: bytes.byteLength, contentType, firstLine, fileSize: file.size };
    }),
  json: publicProcedure
    .meta({ openapi: { method: "POST", path: "/json", protect: false } })
    .input(z.object({ text: z.string() }))
    .output(z.object({ length: z.number() }))
    .mutation(({ input }) => ({ length: input.text.length })),
  export: publicProcedure
    .meta({ produces: "text/csv", openapi: { method: "GET", path: "/export", protect: false } })
    .input(z.object({ rows: z.coerce.number().int().min(0).max(100_000), fail: z.enum(["yes", "no"]).default("no") }))
    .output(z.null())
    .query(({ ctx, input }) => {
      if (input.fail === "yes") throw new DomainError("CONFLICT", "Nothing to export");
      let row = 0;
      pulled = 0;
      ctx.http.headers.set("content-disposition", 'attachment; filename="rows.csv"');
      // Pull-based: rows are produced only as fast as the reader takes them.
      ctx.http.body = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled++;
          if (row === 0) controller.enqueue(new TextEncoder().encode("n,square\n"));
          const end = Math.min(row + 1_000, input.rows);
          let chunk = "";
          for (; row < end; row++) chunk += `${row},${row * row}\n`;
          if (chunk) controller.enqueue(new TextEncoder().encode(chunk));
          if (row >= input.rows) controller.close();
        },
      });
      return null;
    }),
});

const handle = createRestHandler({ deps, router });
const call = (method: string, path: string, init: { body?: string | FormData; headers?: Record<string, string> } = {}) =>
  handle(new Request(`http://shop.test/api/v1${path}`, { method, ...init }));

describe("raw request bodies (meta.rawBody)", () => {
  it("hands the exact bytes and their content-type to the procedure; its input comes from the path", async () => {
    const csv = "sku,price\nA-1,100\n";
    const res = await call("POST", "/files/prices.csv", { body: csv, headers: { "content-type": "text/csv; charset=utf-8" } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ name: "prices.csv", bytes: csv.length, contentType: "text/csv; charset=utf-8", firstLine: "sku,price" });
  });

  it("takes multipart bodies too, which the procedure parses with the Web API", async () => {
    const form = new FormData();
    form.set("file", new Blob([new Uint8Array([1, 2, 3])], { type: "image/png" }), "a.png");
    const res = await call("POST", "/files/a", { body: form });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { contentType: string; fileSize: number };
    expect(body.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(body.fileSize).toBe(3);
  });

  it("refuses another media type with 415 naming the accepted ones (after authentication, like a bad JSON body)", async () => {
    const res = await call("POST", "/files/x", { body: JSON.stringify({ a: 1 }), headers: { "content-type": "application/json" } });
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE", message: expect.stringContaining("text/csv or multipart/form-data") });
  });

  it("has the upload limit (above the JSON limit): 2 kB passes, 65 kB is a 413, declared or streamed", async () => {
    const ok = await call("POST", "/files/big", { body: "x".repeat(2_048), headers: { "content-type": "text/csv" } });
    expect(ok.status).toBe(200);
    const big = "x".repeat(65 * 1_024);
    const declared = await call("POST", "/files/big", { body: big, headers: { "content-type": "text/csv" } });
    expect(declared.status).toBe(413);
    const chunked = new ReadableStream({
      start(c) {
        for (let i = 0; i < 65; i++) c.enqueue(new TextEncoder().encode("y".repeat(1_024)));
        c.close();
      },
    });
    const streamed = await handle(
      new Request("http://shop.test/api/v1/files/big", { method: "POST", body: chunked, headers: { "content-type": "text/csv" }, duplex: "half" } as RequestInit),
    );
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
  });

  it("leaves JSON operations on the JSON limit", async () => {
    const res = await call("POST", "/json", { body: JSON.stringify({ text: "x".repeat(2_048) }), headers: { "content-type": "application/json" } });
    expect(res.status).toBe(413);
  });
});

describe("streamed CSV answers (meta.produces)", () => {
  it("streams the rows as text/csv with the procedure's headers, pulled as they are read", async () => {
    const res = await call("GET", "/export?rows=50000", { headers: { accept: "text/csv" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="rows.csv"');
    expect(res.headers.get("x-request-id")).toBeTruthy();
    // Nothing beyond what a stream buffers ahead has been produced before the body is read.
    expect(pulled).toBeLessThan(5);
    const lines = (await res.text()).trimEnd().split("\n");
    expect(lines).toHaveLength(50_001);
    expect(lines[0]).toBe("n,square");
    expect(lines.at(-1)).toBe("49999,2499900001");
    expect(pulled).toBeGreaterThan(40);
  });

  it("answers errors as JSON like every operation, and 406 to a client that takes neither CSV nor JSON", async () => {
    const failed = await call("GET", "/export?rows=1&fail=yes", { headers: { accept: "text/csv" } });
    expect(failed.status).toBe(409);
    expect(failed.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await failed.json()).toMatchObject({ code: "CONFLICT", message: "Nothing to export" });
    expect((await call("GET", "/export?rows=1", { headers: { accept: "application/xml" } })).status).toBe(406);
    expect((await call("GET", "/export?rows=1", { headers: { accept: "application/json" } })).status).toBe(200);
  });
});
