import { z } from "zod";
import {
  AddCartItemInput,
  Cart,
  RemoveCartItemInput,
  UpdateCartItemInput,
  type CartOwner,
  type CartLimits,
} from "@shop/core";
import type { Context } from "../context";
import { guestCartToken, rememberGuestCart } from "../guest-cart";
import { GuestCartRequestHeaders, GuestCartResponseHeaders } from "../headers";
import { createTRPCRouter, optionalAuthProcedure, type ShopMeta } from "../trpc";

// A signed-in caller's cart is theirs; a guest's is the one their X-Cart-Token names (ignored for signed-in callers).
const owner = (ctx: Context): CartOwner => (ctx.user ? { userId: ctx.user.id } : { guestToken: guestCartToken(ctx) });
const limits = (ctx: Context): CartLimits => ({ lineCap: ctx.config.cartLineCap, maxLines: ctx.config.cartMaxLines });

function respond(ctx: Context, cart: Cart): Cart {
  if (cart.cartToken) rememberGuestCart(ctx, cart.cartToken);
  // The storefront keeps the token in an httpOnly cookie: page scripts never see it.
  return ctx.req.cookieAuth ? { ...cart, cartToken: null } : cart;
}

const WHO =
  "Signed-in callers (Bearer token) use their own cart; guests send the X-Cart-Token they were given (a guest's " +
  "first add creates the cart and returns its token in the X-Cart-Token response header and as cartToken). " +
  "Signing in (POST /auth/login or /auth/verify) with the X-Cart-Token header merges the guest cart into the user's. ";
type CartOperation = Omit<NonNullable<ShopMeta["openapi"]>, "tags" | "protect" | "requestHeaders">;

/** Every cart operation: personal (no-store), for guests and signed-in callers alike, the guest's cart named by X-Cart-Token. */
function cartMeta(openapi: CartOperation, successStatus?: 204): ShopMeta {
  return {
    cacheControl: "no-store",
    optionalAuth: true,
    openapi: { ...openapi, tags: ["cart"], protect: false, requestHeaders: GuestCartRequestHeaders },
    ...(successStatus ? { successStatus } : {}),
  };
}

export const cartRouter = createTRPCRouter({
  get: optionalAuthProcedure
    .meta(
      cartMeta({
        method: "GET",
        path: "/shop/cart",
        summary: "The caller's cart, at current prices",
        description:
          WHO +
          "Send X-Cart-Token as a guest. Prices, stock and availability are read now, never copied into the cart. " +
          "A missing or unknown guest token is an empty cart.",
        responseHeaders: GuestCartResponseHeaders,
        errorResponses: { 401: "Invalid access token" },
      }),
    )
    .input(z.void())
    .output(Cart)
    .query(async ({ ctx }) => respond(ctx, await ctx.services.cart.get(owner(ctx), limits(ctx)))),

  addItem: optionalAuthProcedure
    .meta(
      cartMeta({
        method: "POST",
        path: "/shop/cart",
        summary: "Add a product to the cart",
        description:
          WHO +
          "Adds quantity to the variant's line: send variantId (from the product's variants), or productId for a " +
          "product with one variant (a product with several is a 400 naming its options). 409 when the line " +
          "would exceed the variant's stock (details: productId, variantId, " +
          "available, inCart) or the per-line cap (details: maxQuantity, inCart), when the product's currency differs " +
          "from the cart's, or when the cart already holds the maximum number of products. A quantity above the " +
          "per-line cap in the request itself is a 400 (details.maxQuantity). Unknown or inactive product: 404.",
        responseHeaders: GuestCartResponseHeaders,
        errorResponses: {
          400: "Invalid or forbidden field, or quantity over the per-line cap",
          401: "Invalid access token",
          404: "Product not found",
          409: "Not enough stock, line cap reached, other currency or too many lines",
        },
      }),
    )
    .input(AddCartItemInput)
    .output(Cart)
    .mutation(async ({ ctx, input }) => respond(ctx, await ctx.services.cart.add(owner(ctx), input, limits(ctx)))),

  updateItem: optionalAuthProcedure
    .meta(
      cartMeta({
        method: "PATCH",
        path: "/shop/cart/items/{productId}",
        summary: "Set the quantity of a cart line",
        description:
          WHO +
          "0 removes the line. The line must already be in the caller's cart. {productId} is the line's variant " +
          "id, or its product id while the cart holds one variant of that product (several: a 400).",
        responseHeaders: GuestCartResponseHeaders,
        errorResponses: {
          400: "Invalid or forbidden field, or quantity over the per-line cap",
          401: "Invalid access token",
          404: "Product not in the cart",
          409: "Not enough stock (details: productId, variantId, available, inCart)",
        },
      }),
    )
    .input(UpdateCartItemInput)
    .output(Cart)
    .mutation(async ({ ctx, input }) => respond(ctx, await ctx.services.cart.setQuantity(owner(ctx), input, limits(ctx)))),

  removeItem: optionalAuthProcedure
    .meta(
      cartMeta({
        method: "DELETE",
        path: "/shop/cart/remove/{id}",
        summary: "Remove a product's line from the cart",
        description: WHO + "`id` is the line's variant id, or a product id (every line of that product).",
        errorResponses: { 400: "Invalid id", 401: "Invalid access token", 404: "Product not in the cart" },
      }, 204),
    )
    .input(RemoveCartItemInput)
    .output(z.void())
    .mutation(({ ctx, input }) => ctx.services.cart.remove(owner(ctx), input.id)),
});
