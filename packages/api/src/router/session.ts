/**
 * The storefront's sign-in procedures (tRPC only, not part of the REST API): the same account flows as
 * /auth/*, but the tokens go into httpOnly cookies instead of the response body, so page scripts never hold them.
 */
import { z } from "zod";
import {
  CodeSent,
  ForgetPasswordInput,
  LoginInput,
  Profile,
  RegisterInput,
  ResetPasswordInput,
  VerifyInput,
  type TokenPair,
} from "@shop/core";
import { requestMeta, type Context } from "../context";
import { clearedSessionCookies, sessionCookies } from "../cookies";
import { adoptGuestCart } from "../guest-cart";
import { accessTokenOf, createTRPCRouter, publicProcedure } from "../trpc";

const SignedIn = z.object({ user: Profile });


function setSession(ctx: Context, pair: TokenPair) {
  for (const cookie of sessionCookies(pair, ctx.req.url, { refreshMaxAgeSeconds: ctx.config.refreshCookieMaxAgeSeconds })) {
    ctx.http.headers.append("set-cookie", cookie);
  }
}

/** A sign-in's answer: the session in cookies, the guest cart adopted, the profile in the body. */
async function signedIn(ctx: Context, { userId, ...pair }: TokenPair & { userId: string }) {
  setSession(ctx, pair);
  await adoptGuestCart(ctx, userId);
  return { user: await ctx.services.users.profile(userId) };
}

export const sessionRouter = createTRPCRouter({
  /** The signed-in user, or null (an invalid or expired cookie is simply "signed out"). */
  me: publicProcedure
    .meta({ cacheControl: "no-store" })
    .output(z.object({ user: Profile.nullable() }))
    .query(async ({ ctx }) => {
    const token = accessTokenOf(ctx);
    if (!token) return { user: null };
    try {
      const user = await ctx.services.sessions.authenticate(token);
      return { user: await ctx.services.users.profile(user.id) };
    } catch {
      return { user: null };
    }
  }),

  requestCode: publicProcedure
    .input(RegisterInput)
    .output(CodeSent)
    .mutation(({ ctx, input }) => ctx.services.auth.register(input, requestMeta(ctx))),

  verifyCode: publicProcedure
    .meta({ cacheControl: "no-store" })
    .input(VerifyInput)
    .output(SignedIn)
    .mutation(async ({ ctx, input }) => signedIn(ctx, await ctx.services.auth.verify(input, requestMeta(ctx)))),

  login: publicProcedure
    .meta({ cacheControl: "no-store" })
    .input(LoginInput)
    .output(SignedIn)
    .mutation(async ({ ctx, input }) => signedIn(ctx, await ctx.services.auth.login(input, requestMeta(ctx)))),

  logout: publicProcedure.output(z.object({ ok: z.literal(true) })).mutation(async ({ ctx }) => {
    const token = accessTokenOf(ctx);
    if (token) {
      const user = await ctx.services.sessions.authenticate(token).catch(() => null);
      if (user) await ctx.services.sessions.revoke(user.sessionId, "logout");
    }
    for (const cookie of clearedSessionCookies(ctx.req.url)) ctx.http.headers.append("set-cookie", cookie);
    return { ok: true as const };
  }),

  requestReset: publicProcedure
    .input(ForgetPasswordInput)
    .output(CodeSent)
    .mutation(({ ctx, input }) => ctx.services.auth.forgetPassword(input, requestMeta(ctx))),

  resetPassword: publicProcedure
    .input(ResetPasswordInput)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await ctx.services.auth.resetPassword(input, requestMeta(ctx));
      return { ok: true as const };
    }),
});
