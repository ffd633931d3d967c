/**
 * Browsing the audit log through REST: each filter, newest-first keyset pages, who wrote (with the role they had)
 * and the request's id. Entries are this file's own: written by its own admins, or moved to a day of its own.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "@shop/core";
import { uniqueSuffix } from "@shop/db/testing";
import { restClient } from "./http";
import { createTestDeps } from "./support";
import { ADDRESS, createProduct, fillCart, signedInUser, type TestUser } from "./orders-fixtures";

const deps = createTestDeps();
const api = restClient(deps);
let admin: TestUser;
let writer: TestUser;
const entity = `audit-test-${uniqueSuffix()}`;

beforeAll(async () => {
  admin = await signedInUser(deps, { role: "admin" });
  writer = await signedInUser(deps, { role: "admin" });
  await deps.db.user.update({ where: { id: writer.id }, data: { name: "Audit Writer" } });
  const as = { id: writer.id, role: "admin" as const, requestId: `req-${entity}` };
  // Five entries a millisecond apart, oldest first.
  for (const [i, action] of ["product.update", "product.archive", "variant.stock_adjust", "product.update", "category.rename"].entries()) {
    await recordAudit(deps.db, as, {
      action,
      entityType: action.split(".")[0]!,
      entityId: i < 4 ? `${entity}-${i % 2}` : entity,
      summary: `entry ${i}`,
      before: { n: i },
      after: { n: i + 1 },
    });
    await new Promise((resolve) => setTimeout(resolve, 3));
  }
});
afterAll(() => deps.close());

const browse = (query: string, token = admin.token) => api.call("GET", `/admin/audit?${query}`, { token });
const summaries = (res: { body: { items: { summary: string }[] } }) => res.body.items.map((item) => item.summary);

describe("GET /admin/audit", () => {
  it("is an admin's: guests 401, customers and staff 403", async () => {
    expect((await api.call("GET", "/admin/audit")).status).toBe(401);
    expect((await browse("", (await signedInUser(deps)).token)).status).toBe(403);
    expect((await browse("", (await signedInUser(deps, { role: "staff" })).token)).status).toBe(403);
  });

  it("lists an actor's entries newest first with who, what, before and after, and the request's id", async () => {
    const res = await browse(`actorId=${writer.id}`);
    expect(res.status, res.text).toBe(200);
    expect(summaries(res)).toEqual(["entry 4", "entry 3", "entry 2", "entry 1", "entry 0"]);
    const phone = (await deps.db.user.findUniqueOrThrow({ where: { id: writer.id } })).phone;
    expect(res.body.items[0]).toEqual({
      id: expect.any(String),
      action: "category.rename",
      entityType: "category",
      entityId: entity,
      summary: "entry 4",
      before: { n: 4 },
      after: { n: 5 },
      actorRole: "admin",
      actor: { id: writer.id, name: "Audit Writer", phone, role: "admin" },
      requestId: `req-${entity}`,
      createdAt: expect.any(String),
    });
    expect(res.body.nextCursor).toBeNull();
  });

  it("pages with a cursor, without gaps or repeats", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: Awaited<ReturnType<typeof browse>> = await browse(`actorId=${writer.id}&limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.status, res.text).toBe(200);
      seen.push(...summaries(res));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(["entry 4", "entry 3", "entry 2", "entry 1", "entry 0"]);
    expect((await browse("cursor=not-a-cursor")).status).toBe(400);
  });

  it("filters by action (exact or its beginning), entity type and id", async () => {
    const mine = `actorId=${writer.id}`;
    expect(summaries(await browse(`${mine}&action=product.`))).toEqual(["entry 3", "entry 1", "entry 0"]);
    expect(summaries(await browse(`${mine}&action=product.update`))).toEqual(["entry 3", "entry 0"]);
    expect(summaries(await browse(`${mine}&entityType=variant`))).toEqual(["entry 2"]);
    expect(summaries(await browse(`entityId=${entity}-1`))).toEqual(["entry 3", "entry 1"]);
    expect(summaries(await browse(`entityType=product&entityId=${entity}-0`))).toEqual(["entry 0"]);
    // A LIKE wildcard is refused, not matched against everything.
    const bad = await browse("action=%25&entityType=Product");
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(["action", "entityType"]);
  });

  it("filters by when, a date being a whole UTC day", async () => {
    const ids = (await deps.db.auditLog.findMany({ where: { actorId: writer.id }, orderBy: { createdAt: "asc" }, select: { id: true } })).map((r) => r.id);
    const days = ["2031-05-01T08:00:00Z", "2031-05-02T00:00:00Z", "2031-05-02T23:59:59.999Z", "2031-05-03T00:00:00Z", "2031-05-04T12:00:00Z"];
    for (const [i, id] of ids.entries()) await deps.db.auditLog.update({ where: { id }, data: { createdAt: new Date(days[i]!) } });
    expect(summaries(await browse(`actorId=${writer.id}&from=2031-05-02&to=2031-05-02`))).toEqual(["entry 2", "entry 1"]);
    expect(summaries(await browse(`actorId=${writer.id}&from=2031-05-03`))).toEqual(["entry 4", "entry 3"]);
    expect(summaries(await browse(`actorId=${writer.id}&to=2031-05-01T23:00:00Z`))).toEqual(["entry 0"]);
    expect((await browse("from=2031-02-30")).status).toBe(400);
  });

  it("holds the entries of real back-office writes, e.g. a transition by staff", async () => {
    const staff = await signedInUser(deps, { role: "staff" });
    const customer = await signedInUser(deps, { address: ADDRESS });
    const product = await createProduct(deps, { stock: 3 });
    await fillCart(deps, customer.id, [{ productId: product.id, quantity: 1 }]);
    const order = (await api.call("POST", "/shop/orders", { token: customer.token, body: {} })).body;
    const moved = await api.call("POST", `/admin/orders/${order.id}/transitions`, {
      token: staff.token,
      body: { status: "paid", note: "bank transfer" },
      headers: { "x-request-id": `req-move-${order.id}` },
    });
    expect(moved.status, moved.text).toBe(200);
    const res = await browse(`entityType=order&entityId=${order.id}`);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        action: "order.transition",
        actorRole: "staff",
        actor: expect.objectContaining({ id: staff.id, role: "staff" }),
        before: { status: "pending", refundedTotal: 0 },
        after: { status: "paid", note: "bank transfer" },
        requestId: `req-move-${order.id}`,
      }),
    ]);
  });
});
