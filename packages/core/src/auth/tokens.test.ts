import { base64url, SignJWT, UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";
import { DomainError } from "../errors/domain-error";
import { createTokenService, generateRefreshToken, hashToken, INVALID_TOKEN } from "./tokens";

const config = { secrets: ["a".repeat(48)], issuer: "shop", audience: "shop-api", accessTtlSeconds: 900 };
const tokens = createTokenService(config);
const claims = { sub: "user-1", sid: "session-1", role: "customer" as const };
const key = new TextEncoder().encode(config.secrets[0]);

async function rejected(token: string, now?: Date) {
  const error = await tokens.verifyAccess(token, now).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe("UNAUTHENTICATED");
  expect((error as DomainError).message).toBe(INVALID_TOKEN);
}

function forge(payload: Record<string, unknown>, header: Record<string, unknown> = { alg: "HS256", typ: "at+jwt" }) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sub: "user-1", sid: "session-1", role: "customer", typ: "access", iss: "shop", aud: "shop-api", iat: now, exp: now + 60, ...payload })
    .setProtectedHeader(header as { alg: string })
    .sign(key);
}

describe("access tokens", () => {
  it("round-trips sub, sid and role, with iss, aud, typ and a 15-minute lifetime", async () => {
    const token = await tokens.signAccess(claims);
    expect(await tokens.verifyAccess(token)).toEqual(claims);
    const [header, payload] = token.split(".").slice(0, 2).map((p) => JSON.parse(new TextDecoder().decode(base64url.decode(p))));
    expect(header).toEqual({ alg: "HS256", typ: "at+jwt" });
    expect(payload).toMatchObject({ sub: "user-1", sid: "session-1", role: "customer", typ: "access", iss: "shop", aud: "shop-api" });
    expect(payload.exp - payload.iat).toBe(900);
  });

  it('rejects alg "none"', async () => {
    const unsigned = new UnsecuredJWT({ ...claims, typ: "access" }).setIssuer("shop").setAudience("shop-api").setIssuedAt().setExpirationTime("1h").encode();
    await rejected(unsigned);
  });

  it("rejects a token signed with another key, and a tampered payload", async () => {
    const other = createTokenService({ ...config, secrets: ["b".repeat(48)] });
    await rejected(await other.signAccess(claims));
    const [h, , s] = (await tokens.signAccess(claims)).split(".");
    const admin = base64url.encode(JSON.stringify({ ...claims, role: "admin", typ: "access", iss: "shop", aud: "shop-api", iat: 1, exp: 9_999_999_999 }));
    await rejected(`${h}.${admin}.${s}`);
  });

  it("rejects wrong aud, iss, typ claim, typ header and another HMAC algorithm", async () => {
    await rejected(await forge({ aud: "other-api" }));
    await rejected(await forge({ iss: "evil" }));
    await rejected(await forge({ typ: "refresh" }));
    await rejected(await forge({}, { alg: "HS256", typ: "JWT" }));
    await rejected(await forge({}, { alg: "HS512", typ: "at+jwt" }));
    await rejected(await forge({ role: "root" }));
    await rejected(await forge({ sid: undefined }));
  });

  it("rejects an expired token (beyond a 5 s clock tolerance) and a not-yet-valid one", async () => {
    const issued = new Date("2026-01-01T00:00:00Z");
    const token = await tokens.signAccess(claims, issued);
    expect(await tokens.verifyAccess(token, new Date(issued.getTime() + 899_000))).toEqual(claims);
    await rejected(token, new Date(issued.getTime() + 906_000));
    const future = Math.floor(Date.now() / 1000) + 3_600;
    await rejected(await forge({ iat: future, nbf: future, exp: future + 60 }));
  });

  it("rejects an opaque refresh token presented as an access token", async () => {
    await rejected(generateRefreshToken());
  });

  it("accepts tokens signed with a previous secret during a rotation, and signs with the new one", async () => {
    const old = createTokenService({ ...config, secrets: ["old".repeat(16)] });
    const rotated = createTokenService({ ...config, secrets: ["new".repeat(16), "old".repeat(16)] });
    const legacy = await old.signAccess(claims);
    expect(await rotated.verifyAccess(legacy)).toEqual(claims);
    const fresh = await rotated.signAccess(claims);
    await expect(old.verifyAccess(fresh)).rejects.toThrow(INVALID_TOKEN);
  });
});

describe("refresh tokens", () => {
  it("carry 256 random bits and are stored as their SHA-256", () => {
    const a = generateRefreshToken();
    expect(Buffer.from(a, "base64url")).toHaveLength(32);
    expect(a).not.toBe(generateRefreshToken());
    expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(a)).toBe(hashToken(a));
  });
});
