import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase64urlNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import { randomBytes } from "node:crypto";
import { DomainError } from "../errors/domain-error";

export type Role = "customer" | "admin" | "staff";

export interface AccessClaims {
  /** User id. */
  sub: string;
  /** Session id: revoking the session rejects its access tokens too. */
  sid: string;
  role: Role;
}

export interface TokenConfig {
  /** HS256 secrets: the first signs; every one verifies (rotation: prepend the new secret, drop the old later). */
  secrets: readonly string[];
  issuer: string;
  audience: string;
  accessTtlSeconds: number;
}

const ALG = "HS256";
const ACCESS_TYP = "access";
// RFC 9068 media type for JWT access tokens, checked as the header `typ` on top of the `typ` claim.
const ACCESS_HEADER_TYP = "at+jwt";

const encoder = new TextEncoder();

/** One generic message for every rejected access token, so failures reveal nothing about why. */
export const INVALID_TOKEN = "Invalid or expired access token";

export interface TokenService {
  signAccess(claims: AccessClaims, now?: Date): Promise<string>;
  /** Verifies signature (HS256 only), exp/nbf, iss, aud, header typ and claim typ; throws UNAUTHENTICATED. */
  verifyAccess(token: string, now?: Date): Promise<AccessClaims>;
  accessTtlSeconds: number;
}

export function createTokenService(config: TokenConfig): TokenService {
  if (config.secrets.length === 0) throw new Error("At least one JWT secret is required");
  const keys = config.secrets.map((s) => encoder.encode(s));
  const [signingKey] = keys as [Uint8Array];
  return {
    accessTtlSeconds: config.accessTtlSeconds,
    async signAccess(claims, now = new Date()) {
      const iat = Math.floor(now.getTime() / 1000);
      return new SignJWT({ sid: claims.sid, role: claims.role, typ: ACCESS_TYP })
        .setProtectedHeader({ alg: ALG, typ: ACCESS_HEADER_TYP })
        .setSubject(claims.sub)
        .setIssuer(config.issuer)
        .setAudience(config.audience)
        .setIssuedAt(iat)
        .setExpirationTime(iat + config.accessTtlSeconds)
        .sign(signingKey);
    },
    async verifyAccess(token, now = new Date()) {
      for (const key of keys) {
        try {
          const { payload, protectedHeader } = await jwtVerify(token, key, {
            algorithms: [ALG],
            issuer: config.issuer,
            audience: config.audience,
            typ: ACCESS_HEADER_TYP,
            requiredClaims: ["sub", "sid", "role", "typ", "exp", "iat"],
            currentDate: now,
            clockTolerance: 5,
          });
          if (protectedHeader.alg !== ALG || payload.typ !== ACCESS_TYP) break;
          if (typeof payload.sid !== "string" || (payload.role !== "customer" && payload.role !== "admin" && payload.role !== "staff")) break;
          return { sub: payload.sub as string, sid: payload.sid, role: payload.role };
        } catch (error) {
          // Only a bad signature is worth trying the next (older) secret; any other failure is final.
          if (!(error instanceof joseErrors.JWSSignatureVerificationFailed)) break;
        }
      }
      throw new DomainError("UNAUTHENTICATED", INVALID_TOKEN);
    },
  };
}

/** An opaque refresh token: 256 random bits, base64url. Only its SHA-256 is stored. */
export function generateRefreshToken(): string {
  return encodeBase64urlNoPadding(randomBytes(32));
}

export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(encoder.encode(token)));
}
