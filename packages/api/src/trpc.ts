import { initTRPC, TRPCError } from "@trpc/server";
import type { OpenApiMeta } from "trpc-to-openapi";
import { ZodError, ZodRealError } from "zod";
import type { Context } from "./context";
import type { RawBodySpec } from "./raw-body";
import { ACCESS_COOKIE, readCookie } from "./cookies";
import { UNREADABLE_BODY } from "./unreadable-body";
import { domainCause, toTRPCError } from "./errors";
import { busyError, DomainError, isTransientDbError, type Actor, type SessionUser } from "@shop/core";

export interface FieldIssue {
  path: string;
  message: string;
  code: string;
}

export function fieldIssues(error: ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join(".") || "(root)",
    message: issue.message,
    code: issue.code,
  }));
}

/**
 * Our own meta next to trpc-to-openapi's, each applied in one place and documented from the same value:
 * - successStatus: the success status when it is not 200;
 * - cacheControl: the Cache-Control of every answer (personal or token-bearing answers are "no-store");
 * - optionalAuth: anonymous callers are served too, a Bearer token is used when sent (documented security).
 */
export type CachePolicy = "no-store";
export type ShopMeta = OpenApiMeta<{
  successStatus?: 201 | 202 | 204;
  cacheControl?: CachePolicy;
  optionalAuth?: true;
  /** A non-JSON body read raw into ctx.req.rawBytes (raw-body.ts). */
  rawBody?: RawBodySpec;
  /** A non-JSON answer: the procedure sets ctx.http.body (raw-body.ts). */
  produces?: "text/csv";
}>;

const t = initTRPC
  .context<Context>()
  .meta<ShopMeta>()
  .create({
    errorFormatter({ shape, error }) {
      const domain = domainCause(error);
      const internal = error.code === "INTERNAL_SERVER_ERROR" && !domain;
      return {
        ...shape,
        // Never leak internal messages (SQL, stack traces) to clients.
        message: internal ? "Internal server error" : shape.message,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          domainCode: domain?.code ?? null,
          details: domain?.details ?? null,
          // The tRPC twin of REST's Retry-After header (e.g. the OTP resend cooldown), so pages can count it down.
          retryAfterSeconds: domain?.retryAfterSeconds ?? null,
          issues: error.cause instanceof ZodError ? fieldIssues(error.cause) : null,
          stack: undefined,
        },
      };
    },
  });

/**
 * In tRPC 11 `next()` never throws: a DomainError arrives as the cause of a failed result and is mapped here. So
 * does a saturated or briefly unavailable database anywhere (pool timeout, too many connections, a deadlock...):
 * a 503 with Retry-After that a client may retry, not a 500.
 */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok || result.error.cause instanceof TRPCError) return result;
  const cause = result.error.cause;
  if (cause instanceof DomainError) return { ...result, error: toTRPCError(cause) };
  if (isTransientDbError(cause)) return { ...result, error: toTRPCError(busyError(cause)) };
  return result;
});

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Where the input holds text Postgres cannot store (NUL; an unpaired surrogate, which text and jsonb refuse). */
function unstorableTextPath(input: unknown): PropertyKey[] | null {
  const bad = (s: string) => s.includes("\0") || LONE_SURROGATE.test(s);
  // Iterative, and paths built only on a hit: a deeply nested body must cost neither stack nor quadratic time.
  type Node = { value: unknown; key?: PropertyKey; parent?: Node };
  const pathOf = (node: Node, last?: string) => {
    const path: PropertyKey[] = last === undefined ? [] : [last];
    for (let n: Node | undefined = node; n?.parent; n = n.parent) path.push(n.key!);
    return path.reverse();
  };
  const stack: Node[] = [{ value: input }];
  while (stack.length) {
    const node = stack.pop()!;
    const { value } = node;
    if (typeof value === "string") {
      if (bad(value)) return pathOf(node);
    } else if (value && typeof value === "object") {
      for (const [key, child] of Object.entries(value)) {
        if (bad(key)) return pathOf(node, key);
        stack.push({ value: child, key, parent: node });
      }
    }
  }
  return null;
}

/**
 * Found by the contract fuzzer: such text in a mutation reached the database and failed the query as a 500.
 * Queries are left to their own schemas (a lookup by an impossible id is simply a 404).
 */
const rejectUnstorableText = t.middleware(async ({ type, getRawInput, next }) => {
  if (type !== "mutation") return next();
  const path = unstorableTextPath(await getRawInput().catch(() => undefined));
  if (!path) return next();
  const message = "Must not contain NUL characters or unpaired surrogates";
  // ZodRealError (an Error, unlike ZodError) so the REST handler lists it under `issues` like any field error.
  throw new TRPCError({ code: "BAD_REQUEST", message, cause: new ZodRealError([{ code: "custom", path, message, input: undefined }]) });
});

/**
 * A REST body that could not become input (wrong content-type, bad JSON) arrives as a marker inside the input
 * (openapi-fetch.ts) and is refused here, after authentication: a request without a token is a 401 whatever its
 * body, as clients expect.
 */
const rejectUnreadableBody = t.middleware(async ({ ctx, getRawInput, next }) => {
  // A raw body (CSV, multipart) of the wrong media type, found by rest.ts before the procedure ran.
  if (ctx.req.rawBodyError) throw ctx.req.rawBodyError;
  const input = await getRawInput().catch(() => undefined);
  if (input && typeof input === "object" && UNREADABLE_BODY in input) throw (input as Record<symbol, TRPCError>)[UNREADABLE_BODY]!;
  return next();
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
/**
 * The meta's response settings, for every procedure in one place: its Cache-Control, and its success status once
 * it has succeeded (a procedure whose status depends on its answer, like health's 503, still sets ctx.http.status).
 */
const applyResponseMeta = t.middleware(async ({ meta, ctx, next }) => {
  if (meta?.cacheControl) ctx.http.headers.set("cache-control", meta.cacheControl);
  const result = await next();
  if (result.ok && meta?.successStatus) ctx.http.status = meta.successStatus;
  return result;
});

const baseProcedure = t.procedure.use(mapDomainErrors).use(applyResponseMeta);
// Every procedure, once it knows who calls, checks that the body was readable and its text storable.
export const publicProcedure = baseProcedure.use(rejectUnreadableBody).use(rejectUnstorableText);

/** The access token of a request: `Authorization: Bearer <jwt>`. */
export function bearerToken(headers: Headers): string | null {
  const value = headers.get("authorization");
  if (!value) return null;
  const match = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)$/i.exec(value.trim());
  return match?.[1] ?? null;
}

const unauthenticated = () => new DomainError("UNAUTHENTICATED", "Authentication required: send a valid Bearer access token");

/** Bearer header first; the storefront's httpOnly cookie only where the context allows cookie credentials. */
export function accessTokenOf(ctx: Context): string | null {
  return bearerToken(ctx.req.headers) ?? (ctx.req.cookieAuth ? readCookie(ctx.req.headers, ACCESS_COOKIE) : null);
}

async function authenticate(ctx: Context): Promise<SessionUser> {
  const token = accessTokenOf(ctx);
  if (!token) throw unauthenticated();
  return ctx.services.sessions.authenticate(token);
}

const authenticated = baseProcedure.use(async ({ ctx, next }) => {
  const user = ctx.user ?? (await authenticate(ctx));
  return next({ ctx: { ...ctx, user } });
});

/** Signed-in callers only (401 otherwise); `ctx.user` is the caller. */
export const protectedProcedure = authenticated.use(rejectUnreadableBody).use(rejectUnstorableText);

/**
 * The back office. `ctx.actor` is the caller as the admin services take it (id, role, the request's id for the
 * audit log). Admins only: 401 without a valid token, 403 for customers and staff.
 */
export const adminProcedure = authenticated
  .use(async ({ ctx, next }) => {
    if (ctx.user.role !== "admin") throw new DomainError("FORBIDDEN", "Administrator access required");
    const actor: Actor = { id: ctx.user.id, role: "admin", requestId: ctx.req.requestId };
    return next({ ctx: { ...ctx, actor } });
  })
  .use(rejectUnreadableBody)
  .use(rejectUnstorableText);

/** Staff and admins (orders, fulfilment, stock): 401 without a valid token, 403 for customers. */
export const staffProcedure = authenticated
  .use(async ({ ctx, next }) => {
    const role = ctx.user.role;
    if (role !== "admin" && role !== "staff") throw new DomainError("FORBIDDEN", "Staff or administrator access required");
    const actor: Actor = { id: ctx.user.id, role, requestId: ctx.req.requestId };
    return next({ ctx: { ...ctx, actor } });
  })
  .use(rejectUnreadableBody)
  .use(rejectUnstorableText);

/** Signed-in callers get `ctx.user`; anonymous ones pass with none (a bad token is still a 401). */
export const optionalAuthProcedure = baseProcedure.use(async ({ ctx, next }) => {
  if (ctx.user || !accessTokenOf(ctx)) return next({ ctx });
  // A stale storefront cookie (revoked session, expired and not refreshable) just means "signed out"; a bad
  // Bearer token is the client's error and stays a 401.
  if (!bearerToken(ctx.req.headers)) {
    const user = await authenticate(ctx).catch(() => undefined);
    return next({ ctx: user ? { ...ctx, user } : ctx });
  }
  return next({ ctx: { ...ctx, user: await authenticate(ctx) } });
})
  .use(rejectUnreadableBody)
  .use(rejectUnstorableText);
