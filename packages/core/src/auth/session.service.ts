/**
 * Sessions after the Lucia guide: a session row is one sign-in; its refresh tokens form a family that rotates on
 * every use. Only SHA-256 hashes of refresh tokens are stored. Presenting a token that was already rotated means
 * it leaked (or a client replayed it): the whole family is revoked (RFC 9700 section 4.14.2).
 */
import type { Db } from "@shop/db";
import { DomainError } from "../errors/domain-error";
import { UUID_PATTERN } from "../infra/uuid";
import {
  findRefreshToken,
  findSessionIdOfToken,
  findSessionWithRole,
  insertSession,
  revokeSessions,
  rotateRefreshToken,
} from "./session.repository";
import { generateRefreshToken, hashToken, type Role, type TokenService } from "./tokens";

export interface SessionConfig {
  /** Absolute lifetime of a session and so of every refresh token in it (s). */
  refreshTtlSeconds: number;
}

export const DEFAULT_SESSION_CONFIG: SessionConfig = { refreshTtlSeconds: 30 * 24 * 3600 };

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: "Bearer";
  /** Access token lifetime (s). */
  expiresIn: number;
}

export interface SessionMeta {
  userAgent?: string | null;
  ip?: string | null;
}

export interface SessionUser {
  id: string;
  role: Role;
  sessionId: string;
}

export const INVALID_REFRESH = "Invalid or expired refresh token";
/** Same text as auth.service.ts ACCOUNT_BLOCKED (kept here: auth.service imports this module, not the other way). */
export const ACCOUNT_BLOCKED = "This account is blocked; contact the shop";

export interface SessionService {
  create(user: { id: string; role: Role }, meta?: SessionMeta): Promise<TokenPair>;
  /**
   * Rotates. `reuseGraceSeconds` > 0 (the storefront's cookie sessions, where a browser may send the same cookie
   * in parallel requests) answers 401 WITHOUT revoking when the token was rotated that recently; 0 (the REST
   * default) treats any reuse as theft.
   */
  refresh(refreshToken: string, options?: { reuseGraceSeconds?: number }): Promise<TokenPair>;
  /** The signed-in user behind an access token, provided its session is still live. */
  authenticate(accessToken: string): Promise<SessionUser>;
  revoke(sessionId: string, reason: string): Promise<void>;
  revokeAllForUser(userId: string, reason: string): Promise<number>;
  /** The session a refresh token belongs to, if the token is known (rotated or not). */
  sessionOfRefreshToken(refreshToken: string): Promise<string | null>;
}

export function createSessionService(deps: { db: Db; tokens: TokenService; config?: SessionConfig; now?: () => Date }): SessionService {
  const { db, tokens } = deps;
  const config = deps.config ?? DEFAULT_SESSION_CONFIG;
  const now = deps.now ?? (() => new Date());

  const pair = async (user: { id: string; role: Role }, sessionId: string, refreshToken: string): Promise<TokenPair> => ({
    accessToken: await tokens.signAccess({ sub: user.id, sid: sessionId, role: user.role }, now()),
    refreshToken,
    tokenType: "Bearer",
    expiresIn: tokens.accessTtlSeconds,
  });

  const revoke = async (sessionId: string, reason: string) => {
    await revokeSessions(db, { id: sessionId }, now(), reason);
  };

  return {
    async create(user, meta = {}) {
      const refreshToken = generateRefreshToken();
      const expiresAt = new Date(now().getTime() + config.refreshTtlSeconds * 1000);
      const sessionId = await insertSession(db, {
        userId: user.id,
        expiresAt,
        userAgent: meta.userAgent?.slice(0, 400) ?? null,
        ip: meta.ip?.slice(0, 45) ?? null,
        tokenHash: hashToken(refreshToken),
      });
      return pair(user, sessionId, refreshToken);
    },

    async refresh(refreshToken, options = {}) {
      const at = now();
      const row = await findRefreshToken(db, hashToken(refreshToken));
      if (!row) throw new DomainError("UNAUTHENTICATED", INVALID_REFRESH);
      const { session } = row;
      // Before the revocation check: blocking revoked this session too, and the customer should learn why.
      if (session.user.blockedAt) throw new DomainError("FORBIDDEN", ACCOUNT_BLOCKED, { details: { reason: "blocked" } });
      if (session.revokedAt || session.expiresAt <= at || row.expiresAt <= at) {
        throw new DomainError("UNAUTHENTICATED", INVALID_REFRESH);
      }
      const graceMs = (options.reuseGraceSeconds ?? 0) * 1000;
      if (row.rotatedAt) {
        if (at.getTime() - row.rotatedAt.getTime() >= graceMs) await revoke(session.id, "refresh_reuse");
        throw new DomainError("UNAUTHENTICATED", INVALID_REFRESH);
      }
      const next = generateRefreshToken();
      // Of two concurrent uses of one token exactly one rotates it; the other is a reuse.
      const rotated = await rotateRefreshToken(db, {
        tokenId: row.id,
        sessionId: session.id,
        nextHash: hashToken(next),
        expiresAt: session.expiresAt,
        at,
      });
      if (!rotated) {
        // Lost a race with a concurrent use of the same token: theft unless within the grace window.
        if (graceMs === 0) await revoke(session.id, "refresh_reuse");
        throw new DomainError("UNAUTHENTICATED", INVALID_REFRESH);
      }
      return pair(session.user, session.id, next);
    },

    async authenticate(accessToken) {
      const claims = await tokens.verifyAccess(accessToken, now());
      if (!UUID_PATTERN.test(claims.sid)) throw new DomainError("UNAUTHENTICATED", "Invalid or expired access token");
      const session = await findSessionWithRole(db, claims.sid);
      // blocked_at too: a sign-in that raced the block's revocation still cannot use its session.
      if (!session || session.user_id !== claims.sub || session.revoked_at || session.blocked_at || session.expires_at <= now()) {
        throw new DomainError("UNAUTHENTICATED", "Invalid or expired access token");
      }
      // The role comes from the database, so a demotion takes effect before the token expires.
      return { id: session.user_id, role: session.role, sessionId: claims.sid };
    },

    revoke,

    async revokeAllForUser(userId, reason) {
      return revokeSessions(db, { userId }, now(), reason);
    },

    async sessionOfRefreshToken(refreshToken) {
      return findSessionIdOfToken(db, hashToken(refreshToken));
    },
  };
}
