/**
 * Token attacks over HTTP, through the Bearer parsing, the JWT verification and the session check. The probes are
 * GET /user/profile (any signed-in user) and POST /shop/products (admins only).
 */
import { generateKeyPairSync } from "node:crypto";
import { importPKCS8, SignJWT } from "jose";
import { afterAll, describe, expect, it } from "vitest";
import { restClient } from "../http";
import { latestCode } from "../otp";
import { signedInUser } from "../orders-fixtures";
import { createTestDeps, TEST_JWT_SECRET, TOKEN_CONFIG } from "../support";
import { b64url, claimsOf, mintAccess } from "./jwt";

const deps = createTestDeps({ otp: { resendCooldownSeconds: 0 } });
const api = restClient(deps);
afterAll(() => deps.close());

const profile = (token: string, headers?: Record<string, string>) => api.call("GET", "/user/profile", { token, headers });
const adminOnly = (token: string) => api.call("POST", "/shop/products", { token, body: { name: "Token attack product", price: 1 } });

async function expect401(res: Promise<{ status: number; body: { code?: string; message?: string }; text: string }>, why: string) {
  const r = await res;
  expect(r.status, `${why}: ${r.text}`).toBe(401);
  expect(r.body, why).toMatchObject({ code: "UNAUTHORIZED", message: "Invalid or expired access token" });
}

async function customer() {
  const user = await signedInUser(deps);
  const { sid } = claimsOf(user.token);
  // Sanity: the real token works, so each 401 below is the attack being refused.
  expect((await profile(user.token)).status).toBe(200);
  return { ...user, sid };
}

describe("forged and altered access tokens", () => {
  it("alg none (unsigned, any capitalisation) -> 401", async () => {
    const user = await customer();
    const payload = b64url(claimsOf(user.token));
    for (const alg of ["none", "None", "NONE", "nOnE"]) {
      const header = b64url({ alg, typ: "at+jwt" });
      await expect401(profile(`${header}.${payload}.`), `alg ${alg}`);
      await expect401(profile(`${header}.${payload}`), `alg ${alg} without the last dot`);
    }
  });

  it("HS/RS confusion: an RS256 token, and an HS256 token keyed with the PEM of a public key -> 401", async () => {
    const user = await customer();
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const claims = { sid: user.sid, role: "admin", typ: "access" };
    const rs = await new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", typ: "at+jwt" })
      .setSubject(user.id)
      .setIssuer(TOKEN_CONFIG.issuer)
      .setAudience(TOKEN_CONFIG.audience)
      .setIssuedAt()
      .setExpirationTime("10m")
      .sign(await importPKCS8(privateKey.export({ type: "pkcs8", format: "pem" }).toString(), "RS256"));
    await expect401(profile(rs), "RS256");
    const pem = publicKey.export({ type: "spki", format: "pem" }).toString();
    await expect401(profile(await mintAccess({ sub: user.id, sid: user.sid, secret: pem })), "HS256 keyed with a public key PEM");
    // And an HS384/HS512 token under the real secret: only the one configured algorithm is accepted.
    for (const alg of ["HS384", "HS512"]) {
      const other = await new SignJWT(claims)
        .setProtectedHeader({ alg, typ: "at+jwt" })
        .setSubject(user.id)
        .setIssuer(TOKEN_CONFIG.issuer)
        .setAudience(TOKEN_CONFIG.audience)
        .setIssuedAt()
        .setExpirationTime("10m")
        .sign(new TextEncoder().encode(TEST_JWT_SECRET));
      await expect401(profile(other), alg);
    }
  });

  it("a tampered payload (role -> admin) under the original signature -> 401, not admin access", async () => {
    const user = await customer();
    const [header, , signature] = user.token.split(".");
    const tampered = `${header}.${b64url({ ...claimsOf(user.token), role: "admin" })}.${signature}`;
    await expect401(profile(tampered), "tampered role");
    await expect401(adminOnly(tampered), "tampered role on an admin route");
    const otherSub = `${header}.${b64url({ ...claimsOf(user.token), sub: (await customer()).id })}.${signature}`;
    await expect401(profile(otherSub), "tampered sub");
    expect(await deps.db.product.count({ where: { name: "Token attack product" } })).toBe(0);
  });

  it("the role comes from the database: a correctly signed admin-role token of a customer session -> 403", async () => {
    const user = await customer();
    const forged = await mintAccess({ sub: user.id, sid: user.sid, role: "admin" });
    const res = await adminOnly(forged);
    expect(res.status, res.text).toBe(403);
    expect(await deps.db.product.count({ where: { name: "Token attack product" } })).toBe(0);
  });

  it("wrong iss, aud, header typ, claim typ, secret, or missing claims -> 401", async () => {
    const user = await customer();
    const base = { sub: user.id, sid: user.sid };
    const cases: [string, Parameters<typeof mintAccess>[0]][] = [
      ["iss", { ...base, iss: "someone-else" }],
      ["aud", { ...base, aud: "another-api" }],
      ["header typ JWT", { ...base, headerTyp: "JWT" }],
      ["claim typ refresh", { ...base, claimTyp: "refresh" }],
      ["other secret", { ...base, secret: "another-secret-0123456789abcdef0123456789" }],
      ["expired", { ...base, expiresIn: -60 }],
      ["no sid", { ...base, omit: ["sid"] }],
      ["no exp", { ...base, omit: ["exp"] }],
      ["no typ", { ...base, omit: ["typ"] }],
      ["unknown role", { ...base, role: "superuser" }],
      ["sid of another user's session", { sub: user.id, sid: (await customer()).sid }],
      ["unknown session", { sub: user.id, sid: "00000000-0000-4000-8000-000000000000" }],
    ];
    for (const [why, options] of cases) await expect401(profile(await mintAccess(options)), why);
    // The control: the same helper with nothing broken is accepted.
    expect((await profile(await mintAccess(base))).status).toBe(200);
  });

  it("a refresh token used as an access token, and an access token used as a refresh token -> 401", async () => {
    const user = await signedInUser(deps);
    const pair = await deps.services.sessions.create({ id: user.id, role: "customer" });
    await expect401(profile(pair.refreshToken), "refresh token as Bearer");
    const refresh = await api.call("POST", "/auth/refresh", { body: { refreshToken: pair.accessToken.slice(0, 200) } });
    expect(refresh.status).toBe(401);
  });

  it("REST takes credentials from the Authorization header only (no cookie, no query parameter)", async () => {
    const user = await customer();
    const viaCookie = await api.call("GET", "/user/profile", { headers: { cookie: `shop_at=${user.token}` } });
    expect(viaCookie.status).toBe(401);
    const viaQuery = await api.call("GET", `/user/profile?access_token=${user.token}`);
    expect(viaQuery.status).toBeGreaterThanOrEqual(400);
    expect(viaQuery.status).toBeLessThan(500);
    expect(viaQuery.text).not.toContain(user.id);
  });
});

describe("revocation", () => {
  it("refresh reuse revokes the whole family: the rotated token, the new pair and its access token", async () => {
    const user = await signedInUser(deps);
    const first = await deps.services.sessions.create({ id: user.id, role: "customer" });
    const rotated = await api.call("POST", "/auth/refresh", { body: { refreshToken: first.refreshToken } });
    expect(rotated.status).toBe(200);
    expect((await profile(rotated.body.accessToken)).status).toBe(200);
    // The old token again: theft. Refused, and everything of that session dies with it.
    const reuse = await api.call("POST", "/auth/refresh", { body: { refreshToken: first.refreshToken } });
    expect(reuse.status).toBe(401);
    expect((await api.call("POST", "/auth/refresh", { body: { refreshToken: rotated.body.refreshToken } })).status).toBe(401);
    await expect401(profile(rotated.body.accessToken), "new access token after reuse");
    await expect401(profile(first.accessToken), "old access token after reuse");
    // Other sessions of the same user are not collateral damage.
    const other = await deps.services.sessions.create({ id: user.id, role: "customer" });
    expect((await profile(other.accessToken)).status).toBe(200);
  });

  it("logout revokes its access token and refresh token at once", async () => {
    const user = await signedInUser(deps);
    const pair = await deps.services.sessions.create({ id: user.id, role: "customer" });
    expect((await profile(pair.accessToken)).status).toBe(200);
    const out = await api.call("POST", "/auth/logout", { token: pair.accessToken, body: { refreshToken: pair.refreshToken } });
    expect(out.status).toBe(204);
    await expect401(profile(pair.accessToken), "access token after logout");
    expect((await api.call("POST", "/auth/refresh", { body: { refreshToken: pair.refreshToken } })).status).toBe(401);
  });

  it("a password reset revokes every access token of the account", async () => {
    const user = await signedInUser(deps);
    const { phone } = await deps.db.user.findUniqueOrThrow({ where: { id: user.id }, select: { phone: true } });
    const second = await deps.services.sessions.create({ id: user.id, role: "customer" });
    expect((await profile(user.token)).status).toBe(200);
    expect((await api.call("POST", "/auth/forget-password", { body: { phone } })).status).toBe(202);
    const code = await latestCode(deps.queue, phone!, "reset");
    const reset = await api.call("POST", "/auth/reset-password", { body: { phone, code, newPassword: "a brand new password" } });
    expect(reset.status, reset.text).toBe(204);
    await expect401(profile(user.token), "first session after reset");
    await expect401(profile(second.accessToken), "second session after reset");
    expect((await api.call("POST", "/auth/refresh", { body: { refreshToken: second.refreshToken } })).status).toBe(401);
    // The new password signs in.
    const login = await api.call("POST", "/auth/login", { body: { phone, password: "a brand new password" } });
    expect(login.status).toBe(200);
    expect((await profile(login.body.accessToken)).status).toBe(200);
  });
});
