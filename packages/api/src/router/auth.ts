import { z } from "zod";
import {
  CodeSent,
  ForgetPasswordInput,
  LoginInput,
  LogoutInput,
  RefreshInput,
  RegisterInput,
  ResetPasswordInput,
  TokenPairOutput,
  VerifyInput,
} from "@shop/core";
import { requestMeta, type Context } from "../context";
import { adoptGuestCart } from "../guest-cart";
import { SignInRequestHeaders } from "../headers";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "../trpc";

/** Only the documented fields leave (the service's answer also carries userId, used for the guest-cart merge). */
const tokenPair = ({ accessToken, refreshToken, tokenType, expiresIn }: z.infer<typeof TokenPairOutput>) => ({
  accessToken,
  refreshToken,
  tokenType,
  expiresIn,
});

/** A sign-in's answer: a guest's cart follows them into their account, the token pair goes in the body. */
async function signedIn(ctx: Context, result: z.infer<typeof TokenPairOutput> & { userId: string }) {
  await adoptGuestCart(ctx, result.userId);
  return tokenPair(result);
}

export const authRouter = createTRPCRouter({
  register: publicProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/auth/register",
        tags: ["auth"],
        summary: "Send a sign-up code by SMS",
        description:
          "Normalises the phone number to E.164 and texts a 6-digit code. Answers 202 with the same body whether or " +
          "not the number is registered (verify signs existing users in). 429 with Retry-After over the resend " +
          "cooldown or the hourly limits; 503 when codes cannot be issued right now.",
        protect: false,
        errorResponses: { 400: "Invalid phone number or country not allowed", 429: "Too many codes requested", 503: "Codes unavailable" },
      },
      successStatus: 202,
    })
    .input(RegisterInput)
    .output(CodeSent)
    .mutation(({ ctx, input }) => ctx.services.auth.register(input, requestMeta(ctx))),

  verify: publicProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "POST",
        path: "/auth/verify",
        requestHeaders: SignInRequestHeaders,
        tags: ["auth"],
        summary: "Verify the SMS code and sign in",
        description:
          "A correct code signs the user in, creating the account when the phone is new (with the password and name " +
          "given). A wrong, expired or used code is a 400 with one generic message; after too many wrong codes, 429.",
        protect: false,
        errorResponses: { 400: "Invalid or expired code", 403: "This account is blocked; contact the shop", 429: "Too many wrong codes", 503: "Codes unavailable" },
      },
    })
    .input(VerifyInput)
    .output(TokenPairOutput)
    .mutation(async ({ ctx, input }) => signedIn(ctx, await ctx.services.auth.verify(input, requestMeta(ctx)))),

  login: publicProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "POST",
        path: "/auth/login",
        requestHeaders: SignInRequestHeaders,
        tags: ["auth"],
        summary: "Sign in with phone and password",
        protect: false,
        description:
          "Failed attempts are throttled per account and client, per client and per account: after a few, each " +
          "further attempt waits longer (429 with Retry-After), answered the same for registered and unknown " +
          "numbers. Signing in with an SMS code (/auth/verify) is never held back by failed passwords.",
        errorResponses: {
          400: "Malformed request",
          401: "Invalid phone number or password",
          403: "This account is blocked; contact the shop (the password was right)",
          429: "Too many failed sign-ins; wait Retry-After seconds",
          503: "Sign-in temporarily unavailable",
        },
      },
    })
    .input(LoginInput)
    .output(TokenPairOutput)
    .mutation(async ({ ctx, input }) => signedIn(ctx, await ctx.services.auth.login(input, requestMeta(ctx)))),

  refresh: publicProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "POST",
        path: "/auth/refresh",
        tags: ["auth"],
        summary: "Exchange a refresh token for a new token pair",
        description:
          "Rotates: the presented refresh token stops working. Presenting an already-rotated token revokes the " +
          "whole session (RFC 9700 section 4.14.2) and answers 401.",
        protect: false,
        errorResponses: { 400: "Malformed request", 401: "Invalid, expired, revoked or reused refresh token", 403: "This account is blocked; contact the shop" },
      },
    })
    .input(RefreshInput)
    .output(TokenPairOutput)
    .mutation(async ({ ctx, input }) => {
      return tokenPair(await ctx.services.auth.refresh(input.refreshToken));
    }),

  logout: protectedProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/auth/logout",
        tags: ["auth"],
        summary: "Sign out: revoke the session",
        description: "Its refresh token and its access token are rejected afterwards.",
        protect: true,
        errorResponses: { 400: "Malformed request", 401: "Missing or invalid access token" },
      },
      successStatus: 204,
    })
    .input(LogoutInput)
    .output(z.void())
    .mutation(({ ctx, input }) => ctx.services.auth.logout(ctx.user, input.refreshToken)),

  forgetPassword: publicProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/auth/forget-password",
        tags: ["auth"],
        summary: "Send a password-reset code by SMS",
        description: "Always 202 with the same body; a code is texted only to registered numbers.",
        protect: false,
        errorResponses: { 400: "Invalid phone number", 429: "Too many codes requested", 503: "Codes unavailable" },
      },
      successStatus: 202,
    })
    .input(ForgetPasswordInput)
    .output(CodeSent)
    .mutation(({ ctx, input }) => ctx.services.auth.forgetPassword(input, requestMeta(ctx))),

  resetPassword: publicProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/auth/reset-password",
        tags: ["auth"],
        summary: "Set a new password with the reset code",
        description: "Every session of the user is revoked.",
        protect: false,
        errorResponses: { 400: "Invalid or expired code, or invalid password", 429: "Too many wrong codes", 503: "Codes unavailable" },
      },
      successStatus: 204,
    })
    .input(ResetPasswordInput)
    .output(z.void())
    .mutation(({ ctx, input }) => ctx.services.auth.resetPassword(input, requestMeta(ctx))),
});
