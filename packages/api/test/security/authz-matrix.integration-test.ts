/**
 * The authorization matrix, generated from the OpenAPI document's operations (`security` present = protected):
 * no token, an expired token, an expired or revoked session -> 401; a customer on an admin route -> 403; another
 * user's resource -> 404 without its data. The expected table is written out here, so a new protected route
 * without an entry fails "every protected route is in the matrix".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { restClient, type Call } from "../http";
import { ADDRESS, cartLines, createProduct, fillCart, signedInUser, type TestProduct, type TestUser } from "../orders-fixtures";
import { createTestDeps } from "../support";
import { claimsOf, mintAccess } from "./jwt";
import { operations } from "./openapi-fuzz";

const deps = createTestDeps();
const api = restClient(deps);
afterAll(() => deps.close());

type Role = "customer" | "staff" | "admin";
interface Entry {
  /**
   * Who may call it: a customer route accepts any signed-in user; a staff route (the back office's orders,
   * fulfilment and stock) staff and admins, 403 to customers; an admin route admins only, 403 to staff too.
   */
  role: Role;
  /** What user B gets for user A's resource: 404 for A's order by id, or A's data simply absent from B's list. */
  foreign?: 404 | "absent";
}

const MATRIX: Record<string, Entry> = {
  "POST /auth/logout": { role: "customer" },
  "GET /user/profile": { role: "customer" },
  "PATCH /user/profile": { role: "customer" },
  "POST /shop/products/{id}/review": { role: "customer" },
  "GET /shop/products/{id}/review": { role: "customer", foreign: 404 },
  "POST /shop/products": { role: "admin" },
  "GET /shop/orders": { role: "customer", foreign: "absent" },
  "POST /shop/orders": { role: "customer" },
  "GET /shop/orders/{id}": { role: "customer", foreign: 404 },
  "POST /shop/orders/{id}/cancel": { role: "customer", foreign: 404 },
  "POST /shop/orders/{id}/pay": { role: "customer", foreign: 404 },
  "POST /shop/orders/{id}/refunds": { role: "admin" },
  "PATCH /shop/orders/{id}/status": { role: "admin" },
  // The back office (/admin): staff run orders, fulfilment and stock; prices, roles, refunds and the rest are admin.
  "GET /admin/dashboard": { role: "staff" },
  "GET /admin/products": { role: "staff" },
  "GET /admin/products/{id}": { role: "staff" },
  "PATCH /admin/products/{id}": { role: "admin" },
  "PUT /admin/products/{id}/variants": { role: "admin" },
  "PATCH /admin/variants/{id}": { role: "admin" },
  "POST /admin/products/{id}/archive": { role: "admin" },
  "POST /admin/products/{id}/restore": { role: "admin" },
  "POST /admin/variants/{id}/stock-adjustments": { role: "staff" },
  "GET /admin/variants/{id}/stock-adjustments": { role: "staff" },
  "GET /admin/products/{id}/stock-adjustments": { role: "staff" },
  "GET /admin/products/export": { role: "admin" },
  "POST /admin/products/import/dry-run": { role: "admin" },
  "POST /admin/products/import": { role: "admin" },
  "GET /admin/products/{id}/images": { role: "admin" },
  "POST /admin/products/{id}/images": { role: "admin" },
  "PUT /admin/products/{id}/images/order": { role: "admin" },
  "PATCH /admin/images/{id}": { role: "admin" },
  "DELETE /admin/images/{id}": { role: "admin" },
  "GET /admin/categories": { role: "admin" },
  "POST /admin/categories": { role: "admin" },
  "PATCH /admin/categories/{id}": { role: "admin" },
  "POST /admin/categories/{id}/move": { role: "admin" },
  "POST /admin/categories/{id}/archive": { role: "admin" },
  "POST /admin/categories/{id}/restore": { role: "admin" },
  "GET /admin/orders": { role: "staff" },
  "GET /admin/orders/export": { role: "staff" },
  "GET /admin/orders/{id}": { role: "staff" },
  "POST /admin/orders/{id}/transitions": { role: "staff" },
  "POST /admin/orders/{id}/refunds": { role: "admin" },
  "GET /admin/customers": { role: "staff" },
  "GET /admin/customers/{id}": { role: "staff" },
  "PATCH /admin/customers/{id}/role": { role: "admin" },
  "POST /admin/customers/{id}/block": { role: "admin" },
  "POST /admin/customers/{id}/unblock": { role: "admin" },
  "GET /admin/reviews": { role: "admin" },
  "POST /admin/reviews/{id}/hide": { role: "admin" },
  "POST /admin/reviews/{id}/restore": { role: "admin" },
  "GET /admin/audit": { role: "admin" },
};

/** The operations that existed before the back office and stay where clients know them. */
const LEGACY_ADMIN_OPS = ["PATCH /shop/orders/{id}/status", "POST /shop/orders/{id}/refunds", "POST /shop/products"];

const protectedOps = operations().filter((op) => op.secured);

let alice: TestUser; // owns the resources
let bob: TestUser; // another customer
let admin: TestUser;
let staff: TestUser;
let carol: TestUser; // the customer the back office's customer operations act on
let product: TestProduct;
let aliceOrder: { id: string; number: string };
/** The back office's entities, by the kind its {id} names. */
const adminIds = { variant: "", category: "", review: "", image: "", order: "" };

beforeAll(async () => {
  [alice, bob, admin, staff, carol] = await Promise.all([
    signedInUser(deps, { address: ADDRESS }),
    signedInUser(deps, { address: ADDRESS }),
    signedInUser(deps, { role: "admin" }),
    signedInUser(deps, { role: "staff" }),
    signedInUser(deps),
  ]);
  product = await createProduct(deps, { stock: 100 });
  await fillCart(deps, alice.id, [{ productId: product.id, quantity: 1 }]);
  const placed = await api.call("POST", "/shop/orders", { token: alice.token, body: {} });
  expect(placed.status).toBe(201);
  aliceOrder = placed.body;
  const reviewed = await api.call("POST", `/shop/products/${product.id}/review`, { token: alice.token, body: { rating: 5, comment: ADDRESS.line1 } });
  expect(reviewed.status).toBe(201);
  adminIds.review = reviewed.body.id;
  adminIds.variant = (await deps.db.productVariant.findFirstOrThrow({ where: { productId: product.id }, select: { id: true } })).id;
  adminIds.category = (await deps.db.category.create({ data: { slug: `matrix-${carol.id}`, name: "Matrix category" }, select: { id: true } })).id;
  adminIds.image = (await deps.db.productImage.create({ data: { productId: product.id, url: "/images/matrix.svg" }, select: { id: true } })).id;
  // A second order of Alice's for the back office to move, so hers above stays pending for the checks below.
  await fillCart(deps, alice.id, [{ productId: product.id, quantity: 1 }]);
  const second = await api.call("POST", "/shop/orders", { token: alice.token, body: {} });
  expect(second.status).toBe(201);
  adminIds.order = second.body.id;
});

/** The id a back-office path names: /admin/<kind>s/{id}... */
function adminId(template: string): string {
  const kind = /^\/admin\/([a-z]+)\/\{id\}/.exec(template)?.[1];
  const ids: Record<string, string> = {
    products: product.id,
    variants: adminIds.variant,
    categories: adminIds.category,
    reviews: adminIds.review,
    images: adminIds.image,
    orders: adminIds.order,
    customers: carol.id,
  };
  return ids[kind ?? ""] ?? "";
}

/** A request each operation would accept from its rightful caller (so a refusal is about the credentials). */
function requestFor(key: string): { method: string; path: string; body?: unknown } {
  const [method, template] = key.split(" ") as [string, string];
  const path = template.startsWith("/admin/")
    ? template.replace("{id}", adminId(template))
    : template.replace("{id}", key.includes("/orders/") ? aliceOrder.id : product.slug);
  const bodies: Record<string, unknown> = {
    "POST /auth/logout": { refreshToken: "r".repeat(43) },
    "PATCH /user/profile": { name: "Matrix" },
    "POST /shop/products/{id}/review": { rating: 4 },
    "POST /shop/products": { name: "Matrix product", price: 100 },
    "POST /shop/orders": {},
    "PATCH /shop/orders/{id}/status": { status: "paid" },
    "POST /shop/orders/{id}/refunds": {},
    "PATCH /admin/products/{id}": { description: "Edited by the matrix" },
    "PUT /admin/products/{id}/variants": {},
    "PATCH /admin/variants/{id}": { compareAtPrice: null },
    "POST /admin/variants/{id}/stock-adjustments": { delta: 1, reason: "restock" },
    "PUT /admin/products/{id}/images/order": { imageIds: [] },
    "PATCH /admin/images/{id}": { alt: "Matrix" },
    "POST /admin/categories": { name: "Matrix child" },
    "PATCH /admin/categories/{id}": { name: "Matrix category renamed" },
    "POST /admin/categories/{id}/move": { parentId: null, position: 0 },
    "POST /admin/orders/{id}/transitions": { status: "paid", note: "Matrix" },
    "POST /admin/orders/{id}/refunds": { reason: "Matrix" },
    "PATCH /admin/customers/{id}/role": { role: "customer" },
    "POST /admin/customers/{id}/block": { reason: "Matrix" },
    "POST /admin/reviews/{id}/hide": { reason: "Matrix" },
  };
  return { method, path, body: bodies[key] };
}

const call = (key: string, token?: string, headers?: Record<string, string>) => {
  const r = requestFor(key);
  return api.call(r.method, r.path, { token, body: r.body, headers });
};

/** A refused back-office call leaves no trace: no audit entry, the customer unblocked, the review visible. */
async function expectBackOfficeUntouched() {
  expect(await deps.db.auditLog.count({ where: { actorId: { in: [alice.id, bob.id, staff.id] } } })).toBe(0);
  expect(await deps.db.user.findUniqueOrThrow({ where: { id: carol.id }, select: { role: true, blockedAt: true } })).toEqual({ role: "customer", blockedAt: null });
  expect(await deps.db.review.findUniqueOrThrow({ where: { id: adminIds.review }, select: { hiddenAt: true } })).toEqual({ hiddenAt: null });
  expect(await deps.db.category.findUniqueOrThrow({ where: { id: adminIds.category }, select: { name: true, archivedAt: true } })).toEqual({
    name: "Matrix category",
    archivedAt: null,
  });
  expect(await deps.db.order.findUniqueOrThrow({ where: { id: adminIds.order }, select: { status: true } })).toEqual({ status: "pending" });
}

function expectError(res: Call, status: number, code: string, where: string) {
  expect(res.status, `${where}: ${res.text}`).toBe(status);
  expect(res.body, where).toMatchObject({ code, message: expect.any(String) });
}

/** A valid signature on a session that is no longer live. */
async function deadSessionToken(kind: "expired" | "revoked"): Promise<string> {
  const { accessToken } = await deps.services.sessions.create({ id: alice.id, role: "customer" });
  const { sid } = claimsOf(accessToken);
  await deps.db.session.update({
    where: { id: sid },
    data: kind === "expired" ? { expiresAt: new Date(Date.now() - 60_000) } : { revokedAt: new Date(), revokedReason: "test" },
  });
  return accessToken;
}

describe("authorization matrix (from the OpenAPI document)", () => {
  it("every protected route is in the matrix, and the matrix names no unprotected one", () => {
    expect(protectedOps.length).toBeGreaterThan(0);
    expect(protectedOps.map((op) => op.key).sort()).toEqual(Object.keys(MATRIX).sort());
  });

  it("the document agrees with the matrix: 401 on every protected route, 403 exactly on the staff and admin ones", () => {
    for (const op of protectedOps) {
      expect(op.responses, op.key).toHaveProperty("401");
      expect("403" in op.responses, op.key).toBe(MATRIX[op.key]!.role !== "customer");
    }
  });

  it("every back-office operation lives under /admin with the admin tag; every other admin-tagged one is a legacy path", () => {
    for (const op of operations()) {
      const entry = MATRIX[op.key];
      const backOffice = Boolean(entry && entry.role !== "customer" && !LEGACY_ADMIN_OPS.includes(op.key));
      expect(op.path.startsWith("/admin/"), op.key).toBe(backOffice);
      if (backOffice) expect(op.tags, op.key).toContain("admin");
      else if (op.tags.includes("admin")) expect(LEGACY_ADMIN_OPS, op.key).toContain(op.key);
    }
  });

  it("no token, a malformed header, or an expired token -> 401 on every protected route", async () => {
    const { sid } = claimsOf(alice.token);
    const expired = await mintAccess({ sub: alice.id, sid, expiresIn: -60 });
    for (const op of protectedOps) {
      expectError(await call(op.key), 401, "UNAUTHORIZED", `${op.key} without a token`);
      expectError(await call(op.key, undefined, { authorization: `Basic ${btoa("a:b")}` }), 401, "UNAUTHORIZED", `${op.key} Basic`);
      expectError(await call(op.key, undefined, { authorization: "Bearer" }), 401, "UNAUTHORIZED", `${op.key} empty Bearer`);
      expectError(await call(op.key, expired), 401, "UNAUTHORIZED", `${op.key} expired token`);
    }
  });

  it("a validly signed token of an expired or revoked session -> 401 on every protected route", async () => {
    const expired = await deadSessionToken("expired");
    const revoked = await deadSessionToken("revoked");
    for (const op of protectedOps) {
      expectError(await call(op.key, expired), 401, "UNAUTHORIZED", `${op.key} expired session`);
      expectError(await call(op.key, revoked), 401, "UNAUTHORIZED", `${op.key} revoked session`);
    }
  });

  it("a customer token on a staff or admin route -> 403 and nothing changes; the admin gets through", async () => {
    const adminOps = protectedOps.filter((op) => MATRIX[op.key]!.role !== "customer");
    expect(adminOps.length).toBe(LEGACY_ADMIN_OPS.length + protectedOps.filter((op) => op.path.startsWith("/admin/")).length);
    const productsBefore = await deps.db.product.count();
    for (const op of adminOps) {
      expectError(await call(op.key, alice.token), 403, "FORBIDDEN", `${op.key} as customer`);
      expectError(await call(op.key, bob.token), 403, "FORBIDDEN", `${op.key} as another customer`);
    }
    await expectBackOfficeUntouched();
    const order = await deps.db.order.findUniqueOrThrow({ where: { id: aliceOrder.id }, select: { status: true, refundedTotal: true } });
    expect(order).toEqual({ status: "pending", refundedTotal: 0 });
    // Other files create products concurrently: count only this file's attempt by its name.
    expect(await deps.db.product.count({ where: { name: "Matrix product" } })).toBe(0);
    expect(productsBefore).toBeGreaterThan(0);
    // Control: the same requests are fine for an administrator, so the 403 was about the role.
    const asAdmin = await call("POST /shop/products", admin.token);
    expect(asAdmin.status, asAdmin.text).toBe(201);
    await deps.db.product.delete({ where: { id: asAdmin.body.id } });
  });

  it("a staff token on an admin-only route -> 403 and nothing changes; on a staff route it gets through", async () => {
    const adminOnly = protectedOps.filter((op) => MATRIX[op.key]!.role === "admin");
    expect(adminOnly.length).toBeGreaterThan(20);
    for (const op of adminOnly) expectError(await call(op.key, staff.token), 403, "FORBIDDEN", `${op.key} as staff`);
    await expectBackOfficeUntouched();
    expect(await deps.db.product.count({ where: { name: "Matrix product" } })).toBe(0);
    // Control: staff routes let staff in (the order list is one a shop's staff lives in).
    const list = await api.call("GET", "/admin/orders", { token: staff.token });
    expect(list.status, list.text).toBe(200);
  });

  it("another user's order or review -> 404 with none of its data; the owner still sees it unchanged", async () => {
    const foreign = protectedOps.filter((op) => MATRIX[op.key]!.foreign === 404);
    expect(foreign.map((op) => op.key).sort()).toEqual([
      "GET /shop/orders/{id}",
      "GET /shop/products/{id}/review",
      "POST /shop/orders/{id}/cancel",
      "POST /shop/orders/{id}/pay",
    ]);
    for (const op of foreign) {
      for (const token of [bob.token, admin.token]) {
        const res = await call(op.key, token);
        expectError(res, 404, "NOT_FOUND", `${op.key} by another user`);
        expect(res.text).not.toContain(aliceOrder.number);
        expect(res.text).not.toContain(ADDRESS.line1);
      }
    }
    // Same answer as an order that does not exist at all: nothing tells the two apart.
    const missing = await api.call("GET", "/shop/orders/00000000-0000-4000-8000-000000000000", { token: bob.token });
    const theirs = await api.call("GET", `/shop/orders/${aliceOrder.id}`, { token: bob.token });
    expect({ ...theirs.body, requestId: 0 }).toEqual({ ...missing.body, requestId: 0 });
    const mine = await api.call("GET", `/shop/orders/${aliceOrder.id}`, { token: alice.token });
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ id: aliceOrder.id, status: "pending" });
  });

  it("another user's list never includes the first user's orders", async () => {
    const lists = protectedOps.filter((op) => MATRIX[op.key]!.foreign === "absent");
    for (const op of lists) {
      const res = await call(op.key, bob.token);
      expect(res.status).toBe(200);
      expect(res.text).not.toContain(aliceOrder.id);
      expect(res.text).not.toContain(aliceOrder.number);
    }
  });

  it("the rightful caller is not refused by any route (the matrix tests credentials, not broken requests)", async () => {
    for (const op of protectedOps) {
      const role = MATRIX[op.key]!.role;
      const token =
        role === "admin" ? admin.token : role === "staff" ? staff.token : (await deps.services.sessions.create({ id: alice.id, role: "customer" })).accessToken;
      const res = await call(op.key, token);
      // Back-office calls here are sent as JSON with minimal bodies: a 400, 409 or 415 is about the request, and
      // what matters is that the caller was let in with the real entity's id.
      expect([401, 403, 404], `${op.key}: ${res.status} ${res.text}`).not.toContain(res.status);
    }
  });
});

describe("cart lines (optional auth: a signed-in caller only ever touches their own cart)", () => {
  it("another user's cart line -> 404, and the owner's cart is unchanged", async () => {
    const owner = await signedInUser(deps);
    const other = await signedInUser(deps);
    const item = await createProduct(deps, { stock: 10 });
    await fillCart(deps, owner.id, [{ productId: item.id, quantity: 3 }]);
    const patch = await api.call("PATCH", `/shop/cart/items/${item.id}`, { token: other.token, body: { quantity: 1 } });
    expectError(patch, 404, "NOT_FOUND", "PATCH foreign line");
    const remove = await api.call("DELETE", `/shop/cart/remove/${item.id}`, { token: other.token });
    expectError(remove, 404, "NOT_FOUND", "DELETE foreign line");
    // Neither as a guest (no token) can anyone reach a user's cart.
    expectError(await api.call("DELETE", `/shop/cart/remove/${item.id}`), 404, "NOT_FOUND", "DELETE as guest");
    expect((await api.call("GET", "/shop/cart", { token: other.token })).body.items).toEqual([]);
    expect(await cartLines(deps, owner.id)).toEqual([{ productId: item.id, quantity: 3 }]);
  });

  it("a bad or expired token on a cart route is a 401, not a silent guest cart", async () => {
    const { sid } = claimsOf(alice.token);
    const expired = await mintAccess({ sub: alice.id, sid, expiresIn: -60 });
    for (const token of [expired, await deadSessionToken("revoked"), "not.a.jwt"]) {
      expectError(await api.call("GET", "/shop/cart", { token }), 401, "UNAUTHORIZED", "GET cart");
      expectError(await api.call("POST", "/shop/cart", { token, body: { productId: product.id, quantity: 1 } }), 401, "UNAUTHORIZED", "POST cart");
    }
  });
});
