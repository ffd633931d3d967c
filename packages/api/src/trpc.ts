import { initTRPC, TRPCError } from "@trpc/server";
import type { OpenApiMeta } from "trpc-to-openapi";
import { ZodError, ZodRealError } from "zod";
import type { Context } from "./context";
import { ACCESS_COOKIE, readCookie } from "./cookies";
import { domainCause, toTRPCError } from "./errors";
import { DomainError, type SessionUser } from "@shop/core";

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

/** Our own meta next to trpc-to-openapi's: the documented success status when it is not 200. */
export type ShopMeta = OpenApiMeta<{ successStatus?: 201 | 202 | 204 }>;

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

/** In tRPC 11 `next()` never throws: a DomainError arrives as the cause of a failed result and is mapped here. */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && !(result.error.cause instanceof TRPCError) && result.error.cause instanceof DomainError) {
    return { ...result, error: toTRPCError(result.error.cause) };
  }
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

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(mapDomainErrors).use(rejectUnstorableText);

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

/** Signed-in callers only (401 otherwise); `ctx.user` is the caller. */
export const protectedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const user = ctx.user ?? (await authenticate(ctx));
  return next({ ctx: { ...ctx, user } });
});

/** Admins only: 401 without a valid token, 403 for other roles. */
export const adminProcedure = protectedProcedure.use(async ({ ctx, next }) => {
  if (ctx.user.role !== "admin") throw new DomainError("FORBIDDEN", "Administrator access required");
  return next({ ctx });
});

/** Signed-in callers get `ctx.user`; anonymous ones pass with none (a bad token is still a 401). */
export const optionalAuthProcedure = publicProcedure.use(async ({ ctx, next }) => {
  if (ctx.user || !accessTokenOf(ctx)) return next({ ctx });
  // A stale storefront cookie (revoked session, expired and not refreshable) just means "signed out"; a bad
  // Bearer token is the client's error and stays a 401.
  if (!bearerToken(ctx.req.headers)) {
    const user = await authenticate(ctx).catch(() => undefined);
    return next({ ctx: user ? { ...ctx, user } : ctx });
  }
  return next({ ctx: { ...ctx, user: await authenticate(ctx) } });
});
