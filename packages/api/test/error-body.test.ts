import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DomainError } from "@shop/core";
import { restError } from "../src/error-body";
import { toTRPCError } from "../src/errors";

describe("restError (in-process calls answered like REST)", () => {
  it("keeps a domain error's status, message, details and Retry-After", () => {
    const error = toTRPCError(new DomainError("CONFLICT", "Only 2 left", { details: { available: 2 }, retryAfterSeconds: 1.2 }));
    expect(restError(error, "req-1")).toEqual({
      status: 409,
      headers: { "retry-after": "2" },
      internal: false,
      body: { code: "CONFLICT", message: "Only 2 left", requestId: "req-1", details: { available: 2 } },
    });
  });

  it("lists a validation error's fields", () => {
    const zod = z.object({ price: z.int() }).safeParse({ price: "x" }).error!;
    const { status, body } = restError(new TRPCError({ code: "BAD_REQUEST", message: "Input validation failed", cause: zod }), "req-2");
    expect(status).toBe(400);
    expect(body.issues).toEqual([expect.objectContaining({ path: "price", code: "invalid_type" })]);
  });

  it("never sends an internal cause", () => {
    const error = new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "relation \"x\" does not exist", cause: new Error("sql") });
    expect(restError(error, "r")).toMatchObject({ status: 500, internal: true, body: { message: "Internal server error" } });
    expect(restError(new Error("boom"), "r")).toMatchObject({ status: 500, internal: true, body: { code: "INTERNAL_SERVER_ERROR" } });
  });
});
