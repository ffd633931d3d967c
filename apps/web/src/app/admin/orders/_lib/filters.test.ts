import { describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { orderFilters, searchParamsOf } from "./filters";
import { inputIssues, issueFor, withInputIssues } from "./input-issues";

describe("orderFilters", () => {
  it("passes typed text as it is and keeps choices only from their sets", () => {
    expect(
      orderFilters({ number: " SO-2026 ", phone: "+447400123456", status: "paid,shipped", paymentStatus: "refunded", paymentMethod: "manual", sort: "total_desc", createdFrom: "2026-12-01" }),
    ).toEqual({
      number: "SO-2026",
      phone: "+447400123456",
      q: undefined,
      status: "paid,shipped",
      paymentStatus: "refunded",
      paymentMethod: "manual",
      createdFrom: "2026-12-01",
      createdTo: undefined,
      sort: "total_desc",
    });
  });

  it("drops a hand-edited choice and falls back to the newest first", () => {
    const filters = orderFilters({ paymentStatus: "free", paymentMethod: "bitcoin", sort: "random", q: "" });
    expect(filters.paymentStatus).toBeUndefined();
    expect(filters.paymentMethod).toBeUndefined();
    expect(filters.sort).toBe("newest");
    expect(filters.q).toBeUndefined();
  });

  it("reads a route handler's query like a page's searchParams", () => {
    const params = searchParamsOf(new URLSearchParams("status=paid&phone=%2B447400123456&x=1&x=2"));
    expect(params).toEqual({ status: "paid", phone: "+447400123456", x: ["1", "2"] });
    expect(orderFilters(params).phone).toBe("+447400123456");
  });
});

describe("inputIssues", () => {
  const schema = z.object({ phone: z.string().regex(/^\+\d+$/, "A phone number") });
  const refused = () => {
    const parsed = schema.safeParse({ phone: "nope" });
    return new TRPCError({ code: "BAD_REQUEST", message: "Input validation failed", cause: parsed.error });
  };

  it("names each refused field and its message", () => {
    const issues = inputIssues(refused());
    expect(issues).toEqual([{ path: "phone", message: "A phone number" }]);
    expect(issueFor(issues, "phone")).toBe("A phone number");
    expect(issueFor(issues, "number")).toBeUndefined();
  });

  it("answers the issues instead of throwing, and rethrows anything else", async () => {
    await expect(withInputIssues(() => Promise.reject(refused()))).resolves.toEqual({ data: null, issues: [{ path: "phone", message: "A phone number" }] });
    await expect(withInputIssues(() => Promise.resolve(7))).resolves.toEqual({ data: 7, issues: null });
    const forbidden = new TRPCError({ code: "FORBIDDEN", message: "no" });
    await expect(withInputIssues(() => Promise.reject(forbidden))).rejects.toBe(forbidden);
    expect(inputIssues(new Error("boom"))).toBeNull();
  });

  it("keeps a refusal without field issues as one message for the whole input", () => {
    expect(inputIssues(new TRPCError({ code: "BAD_REQUEST", message: "Past the last page" }))).toEqual([{ path: "(root)", message: "Past the last page" }]);
  });
});
