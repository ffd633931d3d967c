/**
 * Where a guest's cart token travels: REST clients send the X-Cart-Token header they were given; the storefront
 * (tRPC with cookie credentials) keeps it in an httpOnly cookie so page scripts never handle it.
 */
import { serialize } from "cookie";
import { CART_TOKEN_HEADER } from "@shop/core";
import type { Context } from "./context";
import { readCookie, secureCookies } from "./cookies";

export const CART_COOKIE = "shop_cart";
const CART_COOKIE_MAX_AGE = 30 * 86_400;

export function guestCartToken(ctx: Context): string | null {
  return ctx.req.headers.get(CART_TOKEN_HEADER) ?? (ctx.req.cookieAuth ? readCookie(ctx.req.headers, CART_COOKIE) : null);
}

function cartCookie(ctx: Context, value: string, maxAge: number): string {
  return serialize(CART_COOKIE, value, { httpOnly: true, sameSite: "lax", path: "/", secure: secureCookies(ctx.req.url), maxAge });
}

/** Hands a (new) guest cart token back: header for REST, cookie for the storefront. */
export function rememberGuestCart(ctx: Context, token: string): void {
  ctx.http.headers.set(CART_TOKEN_HEADER, token);
  if (ctx.req.cookieAuth && readCookie(ctx.req.headers, CART_COOKIE) !== token) {
    ctx.http.headers.append("set-cookie", cartCookie(ctx, token, CART_COOKIE_MAX_AGE));
  }
}

/** After a sign-in: merges the guest cart (if the request names one) into the user's, then forgets the token. */
export async function adoptGuestCart(ctx: Context, userId: string): Promise<void> {
  const guestToken = guestCartToken(ctx);
  if (!guestToken) return;
  const merge = { userId, guestToken, cap: ctx.config.cartLineCap, maxLines: ctx.config.cartMaxLines };
  // A failed merge must not fail the sign-in: the guest cart stays as it was and a later sign-in can merge it.
  const merged = await ctx.services.cart.mergeGuest(merge).then(
    () => true,
    () => false,
  );
  if (merged && ctx.req.cookieAuth) ctx.http.headers.append("set-cookie", cartCookie(ctx, "", 0));
}
