/**
 * The account flows. Responses never tell whether a phone is registered: register and forget-password answer
 * the same for every number (and charge the same limits), login fails with one message and one argon2 run for
 * unknown phones and wrong passwords alike.
 */
import type { Db } from "@shop/db";
import { DomainError } from "../errors/domain-error";
import { withTimeout } from "../infra/timeout";
import type { OtpService } from "../otp/otp.service";
import { isUniqueViolation } from "../infra/db-errors";
import { findUserByPhone, findUserCredentials, insertUser, setPasswordHash } from "./auth.repository";
import { findSessionOwner } from "./session.repository";
import type { CodeSent, LoginInput, ResetPasswordInput, VerifyInput } from "./auth.schemas";
import type { LoginThrottle } from "./login-throttle";
import { hashPassword, verifyPassword, type PasswordHashing } from "./password";
import { normalisePhone, type PhonePolicy } from "./phone";
import { ACCOUNT_BLOCKED, type SessionMeta, type SessionService, type SessionUser, type TokenPair } from "./session.service";

export { ACCOUNT_BLOCKED };

export const INVALID_CODE = "Invalid or expired code";
export const INVALID_CREDENTIALS = "Invalid phone number or password";
export const TOO_MANY_SIGN_INS = "Too many sign-in attempts; wait before trying again, or sign in with a code by SMS";
/**
 * A blocked account's sign-in (by password, by code, or a refresh). 403, not 401: the credentials were right, so the
 * storefront shows this message instead of "wrong password". Told only to whoever proved the password or the
 * phone (a correct code), never to someone who merely asks for a code: requesting one answers the same for
 * every number.
 */
export const accountBlocked = () => new DomainError("FORBIDDEN", ACCOUNT_BLOCKED, { details: { reason: "blocked" } });
const CODE_SENT = "If the number can receive SMS, a code is on its way.";

export interface AuthDeps {
  db: Db;
  otp: OtpService;
  sessions: SessionService;
  phonePolicy: PhonePolicy;
  passwordHashing?: PasswordHashing;
  loginThrottle: LoginThrottle;
  /** Budget of each throttle round trip (ms): a hanging Redis becomes a fast 503. */
  storeTimeoutMs?: number;
}

export interface RequestMeta extends SessionMeta {
  ip: string | null;
}

export interface AuthService {
  register(input: { phone: string }, meta: RequestMeta): Promise<CodeSent>;
  verify(input: VerifyInput, meta: RequestMeta): Promise<TokenPair & { userId: string; created: boolean }>;
  login(input: LoginInput, meta: RequestMeta): Promise<TokenPair & { userId: string }>;
  refresh(refreshToken: string): Promise<TokenPair>;
  logout(user: SessionUser, refreshToken: string): Promise<void>;
  forgetPassword(input: { phone: string }, meta: RequestMeta): Promise<CodeSent>;
  resetPassword(input: ResetPasswordInput, meta: RequestMeta): Promise<void>;
}

export function createAuthService(deps: AuthDeps): AuthService {
  const { db, otp, sessions } = deps;
  const phoneOf = (raw: string) => normalisePhone(raw, deps.phonePolicy);
  const storeTimeoutMs = deps.storeTimeoutMs ?? 2_000;
  /** Throttle bookkeeping that cannot be done refuses the sign-in: an unthrottled password check is a guessing oracle. */
  const throttled = <T>(operation: Promise<T>) =>
    withTimeout(operation, storeTimeoutMs, "login throttle").catch((cause: unknown) => {
      throw new DomainError("UNAVAILABLE", "Sign-in is temporarily unavailable; try again shortly", { cause, retryAfterSeconds: 5 });
    });

  return {
    async register({ phone: raw }, meta) {
      const phone = phoneOf(raw);
      const sent = await otp.issue({ phone, purpose: "register", ip: meta.ip, deliver: true });
      return { detail: CODE_SENT, ...sent };
    },

    async verify(input, meta) {
      const phone = phoneOf(input.phone);
      if (!(await otp.verify({ phone, purpose: "register", code: input.code, ip: meta.ip }))) {
        throw new DomainError("VALIDATION", INVALID_CODE);
      }
      let created = false;
      let user = await findUserByPhone(db, phone);
      if (!user) {
        const passwordHash = input.password ? await hashPassword(input.password, deps.passwordHashing) : null;
        try {
          user = await insertUser(db, { phone, name: input.name ?? null, passwordHash });
          created = true;
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          const winner = await findUserByPhone(db, phone);
          if (!winner) throw error;
          user = winner;
        }
      }
      if (user.blockedAt) throw accountBlocked();
      // The owner proved the phone: a stranger's failed password guesses no longer hold the account back.
      await throttled(deps.loginThrottle.clearAccount(phone));
      const tokens = await sessions.create(user, meta);
      return { ...tokens, userId: user.id, created };
    },

    async login(input, meta) {
      let phone: string | null = null;
      try {
        phone = phoneOf(input.phone);
      } catch {
        // An unparseable number is just another unknown account: same answer, same work, same throttle.
      }
      // Counted per call (a tRPC batch of 200 logins is 200 attempts) and before the password is checked.
      const attempt = await throttled(deps.loginThrottle.begin(phone ?? `unparsed:${input.phone.trim()}`, meta.ip));
      if (!attempt.allowed) {
        throw new DomainError("RATE_LIMITED", TOO_MANY_SIGN_INS, { retryAfterSeconds: attempt.retryAfterSeconds });
      }
      const user = phone
        ? await findUserCredentials(db, phone)
        : null;
      const ok = await verifyPassword(user?.passwordHash, input.password, deps.passwordHashing);
      if (!user || !ok) throw new DomainError("UNAUTHENTICATED", INVALID_CREDENTIALS);
      await throttled(attempt.succeeded());
      // Checked after the password, so a wrong one answers the same for blocked and other accounts.
      if (user.blockedAt) throw accountBlocked();
      const tokens = await sessions.create(user, meta);
      return { ...tokens, userId: user.id };
    },

    refresh: (refreshToken) => sessions.refresh(refreshToken),

    async logout(user, refreshToken) {
      await sessions.revoke(user.sessionId, "logout");
      // A refresh token of another of the caller's sessions is revoked too; someone else's is left alone.
      const other = await sessions.sessionOfRefreshToken(refreshToken);
      if (other && other !== user.sessionId) {
        if ((await findSessionOwner(db, other)) === user.id) await sessions.revoke(other, "logout");
      }
    },

    async forgetPassword({ phone: raw }, meta) {
      const phone = phoneOf(raw);
      const user = await findUserByPhone(db, phone);
      const sent = await otp.issue({ phone, purpose: "reset", ip: meta.ip, deliver: user !== null });
      return { detail: CODE_SENT, ...sent };
    },

    async resetPassword(input, meta) {
      const phone = phoneOf(input.phone);
      if (!(await otp.verify({ phone, purpose: "reset", code: input.code, ip: meta.ip }))) {
        throw new DomainError("VALIDATION", INVALID_CODE);
      }
      const user = await findUserByPhone(db, phone);
      if (!user) throw new DomainError("VALIDATION", INVALID_CODE);
      await setPasswordHash(db, user.id, await hashPassword(input.newPassword, deps.passwordHashing));
      await sessions.revokeAllForUser(user.id, "password_reset");
      await throttled(deps.loginThrottle.clearAccount(phone));
    },
  };
}
