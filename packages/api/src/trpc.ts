import { initTRPC, TRPCError } from "@trpc/server";
import type { OpenApiMeta } from "trpc-to-openapi";
import { ZodError } from "zod";
import type { Context } from "./context";
import { domainCause, toTRPCError } from "./errors";
import { DomainError } from "@shop/core";

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

const t = initTRPC
  .context<Context>()
  .meta<OpenApiMeta>()
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
          issues: error.cause instanceof ZodError ? fieldIssues(error.cause) : null,
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

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(mapDomainErrors);
