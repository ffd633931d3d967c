/**
 * Back-office customers through the real REST handler against real Postgres and Redis: search, detail, role
 * changes (admin only, never the last admin), block and unblock with their effect on sign-in and open sessions.
 * Every test makes its own users (unique phones and names), so the file runs beside any other.
 */
import { afterAll, describe, expect, it } from "vitest";
import { uniqueSuffix } from "@shop/db/testing";
import { restClient } from "./http";
import { latestCode } from "./otp";
import { createTestDeps, uniquePhone } from "./support";
import { ADDRESS, createProduct, fillCart, signedInUser } from "./orders-fixtures";

const deps = createTestDeps({ otp: { resendCooldownSeconds: 0, maxSendsPerIpPerHour: 1_000 } });
const api = restClient(deps);
afterAll(() => deps.close());

const BLOCKED = "This account is blocked; contact the shop";

/** A customer who signed up by code with a password, as the storefront does: phone, tokens and id. */
async function signedUpCustomer(extra: { name?: string; password?: string } = {}) {
  const phone = uniquePhone();
  expect((await api.call("POST", "/auth/register", { body: { phone } })).status).toBe(202);
  const code = await latestCode(deps.queue, phone);
  const res = await api.call("POST", "/auth/verify", { body: { phone, code, password: extra.password ?? "s3cret-pass", name: extra.name } });
  expect(res.status, res.text).toBe(200);
  return { phone, accessToken: res.body.accessToken as string, refreshToken: res.body.refreshToken as string };
}

async function signInByCode(phone: string) {
  expect((await api.call("POST", "/auth/register", { body: { phone } })).status).toBe(202);
  const code = await latestCode(deps.queue, phone);
  return api.call("POST", "/auth/verify", { body: { phone, code } });
}

const userIdOf = async (phone: string) => (await deps.db.user.findUniqueOrThrow({ where: { phone }, select: { id: true } })).id;

describe("GET /admin/customers", () => {
  it("finds a customer by part of their phone number, in E.164 or national digits, with their figures", async () => {
    const admin = await signedInUser(deps, { role: "admin" });
    const customer = await signedInUser(deps, { address: ADDRESS });
    const phone = (await deps.db.user.findUniqueOrThrow({ where: { id: customer.id }, select: { phone: true } })).phone;
    // An order paid (counts as spent) and a pending one (placed, not money taken).
    const product = await createProduct(deps, { stock: 10, price: 1_000 });
    await fillCart(deps, customer.id, [{ productId: product.id, quantity: 2 }]);
    const paid = await api.call("POST", "/shop/orders", { token: customer.token, body: {} });
    expect(paid.status).toBe(201);
    await deps.db.order.update({ where: { id: paid.body.id }, data: { status: "paid", paidAt: new Date() } });
    await fillCart(deps, customer.id, [{ productId: product.id, quantity: 1 }]);
    expect((await api.call("POST", "/shop/orders", { token: customer.token, body: {} })).status).toBe(201);

    const middle = phone.slice(5, 11); // digits from inside the number
    const national = `0${phone.slice(3, 7)} ${phone.slice(7)}`; // +4474xxxxxxxx typed as 074xx xxxxxx
    for (const q of [middle, phone, national, `${phone.slice(0, 3)} ${phone.slice(3, 9)}`]) {
      const res = await api.call("GET", `/admin/customers?q=${encodeURIComponent(q)}`, { token: admin.token });
      expect(res.status, `${q}: ${res.text}`).toBe(200);
      const found = res.body.items.find((c: { id: string }) => c.id === customer.id);
      expect(found, q).toBeDefined();
      expect(found).toMatchObject({
        phone,
        role: "customer",
        blockedAt: null,
        orderCount: 2,
        totalSpent: [{ currency: "USD", amount: 2_000 }],
        lastSignInAt: expect.any(String),
      });
      expect(res.body.total).toBeGreaterThanOrEqual(1);
    }
    expect(res404(await api.call("GET", `/admin/customers?q=${phone.slice(3)}99`, { token: admin.token }), customer.id)).toBe(false);
  });

  it("searches names and emails, filters by role and blocked, and pages with a total", async () => {
    const admin = await signedInUser(deps, { role: "admin" });
    const tag = `Zed${uniqueSuffix()}`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const user = await deps.db.user.create({
        data: { phone: uniquePhone(), name: `${tag} Customer ${i}`, email: i === 4 ? `${tag.toLowerCase()}@example.com` : null, role: i === 0 ? "staff" : "customer" },
        select: { id: true },
      });
      ids.push(user.id);
    }
    await deps.db.user.update({ where: { id: ids[1] }, data: { blockedAt: new Date(), blockedReason: "test" } });

    const byName = await api.call("GET", `/admin/customers?q=${tag.toLowerCase()}&limit=2`, { token: admin.token });
    expect(byName.status).toBe(200);
    expect(byName.body.total).toBe(5);
    expect(byName.body.items).toHaveLength(2);
    const page2 = await api.call("GET", `/admin/customers?q=${tag}&limit=2&cursor=${byName.body.nextCursor}`, { token: admin.token });
    const page3 = await api.call("GET", `/admin/customers?q=${tag}&limit=2&cursor=${page2.body.nextCursor}`, { token: admin.token });
    expect(page3.body.nextCursor).toBeNull();
    const seen = [...byName.body.items, ...page2.body.items, ...page3.body.items].map((c: { id: string }) => c.id);
    expect(seen).toEqual([...ids].reverse()); // newest first, each once

    const email = await api.call("GET", `/admin/customers?q=${encodeURIComponent(`${tag.toUpperCase()}@EXAMPLE`)}`, { token: admin.token });
    expect(email.body.items.map((c: { id: string }) => c.id)).toEqual([ids[4]]);
    const staff = await api.call("GET", `/admin/customers?q=${tag}&role=staff`, { token: admin.token });
    expect(staff.body.items.map((c: { id: string }) => c.id)).toEqual([ids[0]]);
    const blocked = await api.call("GET", `/admin/customers?q=${tag}&blocked=true`, { token: admin.token });
    expect(blocked.body.items.map((c: { id: string }) => c.id)).toEqual([ids[1]]);
    expect(blocked.body.items[0].blockedAt).toEqual(expect.any(String));
    const notBlocked = await api.call("GET", `/admin/customers?q=${tag}&blocked=false`, { token: admin.token });
    expect(notBlocked.body.total).toBe(4);
    // A LIKE wildcard is just a character.
    expect((await api.call("GET", `/admin/customers?q=${tag}%25`, { token: admin.token })).body.total).toBe(0);

    const bad = await api.call("GET", "/admin/customers?role=owner&limit=0", { token: admin.token });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(["limit", "role"]);
  });

  it("is open to staff, not to customers or guests", async () => {
    const staff = await signedInUser(deps, { role: "staff" });
    const customer = await signedInUser(deps);
    expect((await api.call("GET", "/admin/customers", { token: staff.token })).status).toBe(200);
    expect((await api.call("GET", `/admin/customers/${customer.id}`, { token: staff.token })).status).toBe(200);
    expect((await api.call("GET", "/admin/customers", { token: customer.token })).status).toBe(403);
    expect((await api.call("GET", "/admin/customers")).status).toBe(401);
  });
});

function res404(res: { status: number; body: { items: { id: string }[] } }, id: string): boolean {
  expect(res.status).toBe(200);
  return res.body.items.some((c) => c.id === id);
}

describe("GET /admin/customers/{id}", () => {
  it("shows the profile, recent orders, reviews (hidden ones too) and sessions", async () => {
    const staff = await signedInUser(deps, { role: "staff" });
    const customer = await signedInUser(deps, { address: ADDRESS });
    await deps.services.sessions.create({ id: customer.id, role: "customer" });
    const product = await createProduct(deps, { stock: 5, price: 700 });
    await fillCart(deps, customer.id, [{ productId: product.id, quantity: 3 }]);
    const order = await api.call("POST", "/shop/orders", { token: customer.token, body: {} });
    expect(order.status).toBe(201);
    const review = await api.call("POST", `/shop/products/${product.id}/review`, { token: customer.token, body: { rating: 2, title: "Meh" } });
    expect(review.status).toBe(201);
    await deps.db.review.update({ where: { id: review.body.id }, data: { hiddenAt: new Date(), hiddenReason: "spam" } });

    const res = await api.call("GET", `/admin/customers/${customer.id}`, { token: staff.token });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({
      customer: { id: customer.id, role: "customer", blockedAt: null, blockedReason: null },
      orderCount: 1,
      totalSpent: [],
      activeSessions: 2,
      totalSessions: 2,
      recentOrders: [{ id: order.body.id, number: order.body.number, status: "pending", total: 2_100, currency: "USD", itemCount: 3 }],
      reviews: [{ id: review.body.id, productId: product.id, productName: product.name, rating: 2, title: "Meh", hiddenReason: "spam", hiddenAt: expect.any(String) }],
    });
    expect((await api.call("GET", `/admin/customers/${crypto.randomUUID()}`, { token: staff.token })).status).toBe(404);
    expect((await api.call("GET", "/admin/customers/not-a-uuid", { token: staff.token })).status).toBe(400);
  });
});

describe("PATCH /admin/customers/{id}/role", () => {
  it("an admin promotes a customer to staff: their open session has staff access on its next request; audited", async () => {
    const admin = await signedInUser(deps, { role: "admin" });
    const customer = await signedInUser(deps);
    expect((await api.call("GET", "/admin/customers", { token: customer.token })).status).toBe(403);

    const res = await api.call("PATCH", `/admin/customers/${customer.id}/role`, { token: admin.token, body: { role: "staff" } });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ id: customer.id, role: "staff" });
    expect((await api.call("GET", "/admin/customers", { token: customer.token })).status).toBe(200);
    // Staff may not change roles.
    expect((await api.call("PATCH", `/admin/customers/${customer.id}/role`, { token: customer.token, body: { role: "admin" } })).status).toBe(403);

    const entries = await deps.db.auditLog.findMany({ where: { entityId: customer.id, action: "customer.role_change" }, select: { actorId: true, before: true, after: true } });
    expect(entries).toEqual([{ actorId: admin.id, before: { role: "customer" }, after: { role: "staff" } }]);

    // Back to customer: the session loses its access at once.
    expect((await api.call("PATCH", `/admin/customers/${customer.id}/role`, { token: admin.token, body: { role: "customer" } })).status).toBe(200);
    expect((await api.call("GET", "/admin/customers", { token: customer.token })).status).toBe(403);
  });

  it("is refused to staff (403) and validates the role (400)", async () => {
    const staff = await signedInUser(deps, { role: "staff" });
    const admin = await signedInUser(deps, { role: "admin" });
    const customer = await signedInUser(deps);
    const res = await api.call("PATCH", `/admin/customers/${customer.id}/role`, { token: staff.token, body: { role: "staff" } });
    expect(res.status).toBe(403);
    expect((await deps.db.user.findUniqueOrThrow({ where: { id: customer.id }, select: { role: true } })).role).toBe("customer");
    const bad = await api.call("PATCH", `/admin/customers/${customer.id}/role`, { token: admin.token, body: { role: "owner" } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toBe("role");
    expect((await api.call("PATCH", `/admin/customers/${crypto.randomUUID()}/role`, { token: admin.token, body: { role: "staff" } })).status).toBe(404);
  });

});

describe("POST /admin/customers/{id}/block and /unblock", () => {
  it("revokes every session at once, refuses refresh and sign-in by password and by code; unblock lets them back", async () => {
    const admin = await signedInUser(deps, { role: "admin" });
    const customer = await signedUpCustomer({ password: "s3cret-pass" });
    const id = await userIdOf(customer.phone);
    const second = await api.call("POST", "/auth/login", { body: { phone: customer.phone, password: "s3cret-pass" } });
    expect(second.status).toBe(200);
    expect((await api.call("GET", "/user/profile", { token: customer.accessToken })).status).toBe(200);

    const res = await api.call("POST", `/admin/customers/${id}/block`, { token: admin.token, body: { reason: "  Chargeback fraud  " } });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ id, blockedAt: expect.any(String), blockedReason: "Chargeback fraud" });

    // Both open sessions: the next request is a 401, the refresh tokens are refused.
    for (const token of [customer.accessToken, second.body.accessToken]) {
      expect((await api.call("GET", "/user/profile", { token })).status).toBe(401);
    }
    for (const refreshToken of [customer.refreshToken, second.body.refreshToken]) {
      const refreshed = await api.call("POST", "/auth/refresh", { body: { refreshToken } });
      expect(refreshed.status).toBe(403);
      expect(refreshed.body.message).toBe(BLOCKED);
    }
    const sessions = await deps.db.session.findMany({ where: { userId: id }, select: { revokedAt: true, revokedReason: true } });
    expect(sessions).toHaveLength(2);
    expect(sessions.every((s) => s.revokedAt !== null && s.revokedReason === "blocked")).toBe(true);

    // Sign-in: the right password and a right code are refused with the clear message; a wrong password is just wrong.
    const byPassword = await api.call("POST", "/auth/login", { body: { phone: customer.phone, password: "s3cret-pass" } });
    expect(byPassword.status).toBe(403);
    expect(byPassword.body.message).toBe(BLOCKED);
    const wrong = await api.call("POST", "/auth/login", { body: { phone: customer.phone, password: "not-the-password" } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.message).toBe("Invalid phone number or password");
    const byCode = await signInByCode(customer.phone);
    expect(byCode.status).toBe(403);
    expect(byCode.body.message).toBe(BLOCKED);
    // Asking for a code answers as for any number (nothing told to someone who cannot prove the phone).
    const ask = await api.call("POST", "/auth/register", { body: { phone: customer.phone } });
    const askOther = await api.call("POST", "/auth/register", { body: { phone: uniquePhone() } });
    expect([ask.status, Object.keys(ask.body).sort()]).toEqual([askOther.status, Object.keys(askOther.body).sort()]);
    expect(await deps.db.session.count({ where: { userId: id, revokedAt: null } })).toBe(0);

    const audit = await deps.db.auditLog.findFirst({ where: { entityId: id, action: "customer.block" }, select: { actorId: true, after: true } });
    expect(audit).toMatchObject({ actorId: admin.id, after: { blockedReason: "Chargeback fraud", sessionsRevoked: 2 } });

    const unblocked = await api.call("POST", `/admin/customers/${id}/unblock`, { token: admin.token, body: {} });
    expect(unblocked.status).toBe(200);
    expect(unblocked.body).toMatchObject({ blockedAt: null, blockedReason: null });
    const again = await api.call("POST", "/auth/login", { body: { phone: customer.phone, password: "s3cret-pass" } });
    expect(again.status).toBe(200);
    expect((await api.call("GET", "/user/profile", { token: again.body.accessToken })).status).toBe(200);
    expect((await signInByCode(customer.phone)).status).toBe(200);
    // The old sessions stay revoked.
    expect((await api.call("GET", "/user/profile", { token: customer.accessToken })).status).toBe(401);
    expect(await deps.db.auditLog.count({ where: { entityId: id, action: "customer.unblock" } })).toBe(1);
  });

  it("a session that slipped past the revocation is still refused while the account is blocked", async () => {
    const admin = await signedInUser(deps, { role: "admin" });
    const customer = await signedInUser(deps);
    expect((await api.call("POST", `/admin/customers/${customer.id}/block`, { token: admin.token, body: { reason: "abuse" } })).status).toBe(200);
    // As if a sign-in had read the account just before the block committed and created its session after.
    const late = await deps.services.sessions.create({ id: customer.id, role: "customer" });
    expect((await api.call("GET", "/user/profile", { token: late.accessToken })).status).toBe(401);
  });

  it("an admin cannot block themself (409); staff and customers cannot block (403); a reason is required (400)", async () => {
    const admin = await signedInUser(deps, { role: "admin" });
    const staff = await signedInUser(deps, { role: "staff" });
    const customer = await signedInUser(deps);
    const self = await api.call("POST", `/admin/customers/${admin.id}/block`, { token: admin.token, body: { reason: "oops" } });
    expect(self.status).toBe(409);
    expect(self.body.message).toBe("You cannot block your own account");
    expect((await api.call("POST", `/admin/customers/${customer.id}/block`, { token: staff.token, body: { reason: "x" } })).status).toBe(403);
    expect((await api.call("POST", `/admin/customers/${customer.id}/unblock`, { token: staff.token, body: {} })).status).toBe(403);
    expect((await api.call("POST", `/admin/customers/${customer.id}/block`, { token: customer.token, body: { reason: "x" } })).status).toBe(403);
    const noReason = await api.call("POST", `/admin/customers/${customer.id}/block`, { token: admin.token, body: { reason: "   " } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.issues[0].path).toBe("reason");
    expect((await deps.db.user.findUniqueOrThrow({ where: { id: customer.id }, select: { blockedAt: true } })).blockedAt).toBeNull();
    expect((await api.call("GET", "/user/profile", { token: customer.token })).status).toBe(200);
  });

  it("two admins blocking each other at once: at most one succeeds, an admin who can sign in remains", async () => {
    const a = await signedInUser(deps, { role: "admin" });
    const b = await signedInUser(deps, { role: "admin" });
    const [ab, ba] = await Promise.all([
      api.call("POST", `/admin/customers/${b.id}/block`, { token: a.token, body: { reason: "race" } }),
      api.call("POST", `/admin/customers/${a.id}/block`, { token: b.token, body: { reason: "race" } }),
    ]);
    const statuses = [ab.status, ba.status].sort((x, y) => x - y);
    // The loser is refused: by its revoked session (401) or, inside the lock, as no longer an admin (403).
    expect(statuses[0]).toBe(200);
    expect([401, 403]).toContain(statuses[1]);
    const blocked = await deps.db.user.count({ where: { id: { in: [a.id, b.id] }, blockedAt: { not: null } } });
    expect(blocked).toBe(1);
  });

  it("two admins demoting each other at once: exactly one demotion happens", async () => {
    const a = await signedInUser(deps, { role: "admin" });
    const b = await signedInUser(deps, { role: "admin" });
    const results = await Promise.all([
      api.call("PATCH", `/admin/customers/${b.id}/role`, { token: a.token, body: { role: "customer" } }),
      api.call("PATCH", `/admin/customers/${a.id}/role`, { token: b.token, body: { role: "customer" } }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 403]);
    const admins = await deps.db.user.count({ where: { id: { in: [a.id, b.id] }, role: "admin" } });
    expect(admins).toBe(1);
  });
});
