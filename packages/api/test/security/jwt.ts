/** Hand-made access tokens for the attack tests: correct by default, each option breaks one thing. */
import { SignJWT } from "jose";
import { TEST_JWT_SECRET, TOKEN_CONFIG } from "../support";

export interface MintOptions {
  sub: string;
  sid: string;
  role?: string;
  /** Seconds from now; negative = already expired. */
  expiresIn?: number;
  iss?: string;
  aud?: string;
  headerTyp?: string;
  claimTyp?: string;
  secret?: string;
  omit?: ("sub" | "sid" | "role" | "typ" | "exp" | "iat")[];
}

export async function mintAccess(o: MintOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const expiresIn = o.expiresIn ?? TOKEN_CONFIG.accessTtlSeconds;
  const claims: Record<string, unknown> = {
    sub: o.sub,
    sid: o.sid,
    role: o.role ?? "customer",
    typ: o.claimTyp ?? "access",
    iss: o.iss ?? TOKEN_CONFIG.issuer,
    aud: o.aud ?? TOKEN_CONFIG.audience,
    // An expired token was also issued in the past, a full lifetime before its expiry.
    iat: expiresIn < 0 ? now + expiresIn - TOKEN_CONFIG.accessTtlSeconds : now,
    exp: now + expiresIn,
  };
  for (const key of o.omit ?? []) delete claims[key];
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", typ: o.headerTyp ?? "at+jwt" })
    .sign(new TextEncoder().encode(o.secret ?? TEST_JWT_SECRET));
}

/** The session id and user id inside a real access token. */
export function claimsOf(token: string): { sub: string; sid: string; role: string } {
  return JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8"));
}

export const b64url = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");
