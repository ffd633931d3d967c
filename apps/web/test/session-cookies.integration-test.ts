/**
 * The storefront's cookie sessions through the real Next.js server: sign-in over tRPC sets httpOnly SameSite=Lax
 * cookies (no token in the body), the tRPC endpoint accepts the cookie, the REST API does not, the proxy rotates
 * an expired access cookie from the refresh cookie, and pages carry the security headers.
 */
import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@shop/db";
import { hashPassword } from "@shop/core";
import { startWebServer, type WebServer } from "./web-server";

let web: WebServer;
const db = createDb(process.env.DATABASE_URL!, { poolSize: 2 });
const phone = `+4474${String(randomInt(0, 100_000_000)).padStart(8, "0")}`;
const password = "cookie session 1";

beforeAll(async () => {
  await db.user.create({ data: { phone, name: "Cookie", passwordHash: await hashPassword(password) } });
  web = await startWebServer({ ACCESS_TOKEN_TTL_SECONDS: "60" });
});
afterAll(async () => {
  await web?.stop();
  await db.$disconnect();
});

async function trpcMutation(path: string, input: unknown, cookie?: string) {
  return fetch(`${web.url}/api/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(input),
  });
}
const trpcQuery = (path: string, cookie?: string) => fetch(`${web.url}/api/trpc/${path}`, { headers: cookie ? { cookie } : {} });
const cookieHeader = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0] ?? "").join("; ");

describe("cookie sessions", () => {
  it("sign-in sets httpOnly SameSite=Lax cookies and returns no token", async () => {
    const res = await trpcMutation("session.login", { phone, password });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toMatch(/accessToken|refreshToken|eyJ/);
    const cookies = res.headers.getSetCookie();
    expect(cookies).toHaveLength(2);
    for (const c of cookies) {
      expect(c).toMatch(/HttpOnly/i);
      expect(c).toMatch(/SameSite=Lax/i);
      expect(c).toMatch(/Path=\//);
      expect(c).not.toMatch(/Secure/i); // plain-http localhost only
    }
    expect(cookies.find((c) => c.startsWith("shop_at="))).toMatch(/Max-Age=60/);
    expect(cookies.find((c) => c.startsWith("shop_rt="))).toMatch(/Max-Age=2592000/);
  });

  it("the tRPC endpoint accepts the cookie; the REST API does not", async () => {
    const cookie = cookieHeader(await trpcMutation("session.login", { phone, password }));
    const me = (await (await trpcQuery("session.me", cookie)).json()) as { result: { data: { user: { phone: string } } } };
    expect(me.result.data.user.phone).toBe(phone);
    const viaTrpc = await trpcQuery("user.profile", cookie);
    expect(viaTrpc.status).toBe(200);
    const viaRest = await fetch(`${web.url}/api/v1/user/profile/`, { headers: { cookie } });
    expect(viaRest.status).toBe(401);
  });

  it("with only the refresh cookie, the proxy rotates the session and the request is signed in", async () => {
    const login = await trpcMutation("session.login", { phone, password });
    const refreshOnly = login.headers.getSetCookie().map((c) => c.split(";")[0] ?? "").find((c) => c.startsWith("shop_rt="))!;
    const me = await trpcQuery("session.me", refreshOnly);
    const body = (await me.json()) as { result: { data: { user: { phone: string } | null } } };
    expect(body.result.data.user?.phone).toBe(phone);
    const rotated = me.headers.getSetCookie();
    expect(rotated.map((c) => c.split("=")[0]).sort()).toEqual(["shop_at", "shop_rt"]);
    expect(rotated.find((c) => c.startsWith("shop_rt="))).not.toContain(refreshOnly.slice("shop_rt=".length));
  });

  it("logout clears the cookies and revokes the session", async () => {
    const cookie = cookieHeader(await trpcMutation("session.login", { phone, password }));
    const out = await trpcMutation("session.logout", undefined, cookie);
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie().every((c) => /Max-Age=0/.test(c))).toBe(true);
    const after = (await (await trpcQuery("session.me", cookie.split("; ").filter((c) => c.startsWith("shop_at=")).join(""))).json()) as {
      result: { data: { user: unknown } };
    };
    expect(after.result.data.user).toBeNull();
  });

  it("a wrong password is the same generic error over tRPC", async () => {
    const res = await trpcMutation("session.login", { phone, password: "not the password" });
    expect(res.status).toBe(401);
    expect(res.headers.getSetCookie()).toHaveLength(0);
  });
});

describe("guest cart over tRPC", () => {
  it("keeps the cart token in an httpOnly cookie, never in the body; a stale session cookie is just a guest", async () => {
    const product = await db.product.create({
      data: { slug: `cookie-cart-${randomInt(0, 1e9)}`, name: "Cookie Cart Mug", price: 1_250, stock: 5 },
      select: { id: true },
    });
    const added = await trpcMutation("cart.addItem", { productId: product.id, quantity: 2 }, "shop_at=not-a-valid-token");
    expect(added.status).toBe(200);
    const body = (await added.json()) as { result: { data: { cartToken: string | null; itemCount: number } } };
    expect(body.result.data).toMatchObject({ cartToken: null, itemCount: 2 });
    const cartCookie = added.headers.getSetCookie().find((c) => c.startsWith("shop_cart="));
    expect(cartCookie).toMatch(/HttpOnly/i);
    const again = await trpcQuery("cart.get", cartCookie!.split(";")[0]);
    expect(((await again.json()) as { result: { data: { itemCount: number } } }).result.data.itemCount).toBe(2);
    // A Bearer token that is invalid stays a 401.
    const bearer = await fetch(`${web.url}/api/trpc/cart.get`, { headers: { authorization: "Bearer nope.nope.nope" } });
    expect(bearer.status).toBe(401);
  });
});

describe("security headers", () => {
  it("pages get a nonce CSP, nosniff and frame protection; no HSTS on localhost", async () => {
    const res = await fetch(`${web.url}/`);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("strict-transport-security")).toBeNull();
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    const html = await res.text();
    // Next.js put the nonce on its inline scripts.
    expect(html).toContain(`nonce="${nonce}"`);
  });

  it("HSTS is sent outside localhost; the API's CSP allows nothing", async () => {
    const api = await fetch(`${web.url}/api/v1/health`, { headers: { "x-forwarded-host": "shop.example.com", "x-forwarded-proto": "https" } });
    expect(api.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
    expect(api.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
  });
});
