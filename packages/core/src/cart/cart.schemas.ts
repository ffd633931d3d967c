import { z } from "zod";
import { OptionValue } from "../catalog/catalog.schemas";

/** The request/response header that carries a guest's opaque cart token. */
export const CART_TOKEN_HEADER = "x-cart-token";

/** Currency of an empty cart (a shop sells in one currency; a cart with lines takes its products'). */
export const DEFAULT_CART_CURRENCY = "USD";

/** Hard upper bound of any configured per-line cap (the env var is validated against it too). */
export const MAX_CART_LINE_CAP = 10_000;

/** Per-deployment cart limits, from ApiConfig. */
export interface CartLimits {
  /** Largest quantity of one product in one cart. */
  lineCap: number;
  /** Largest number of distinct products in one cart. */
  maxLines: number;
}

export const DEFAULT_CART_LIMITS: CartLimits = { lineCap: 50, maxLines: 100 };

export const CartLine = z
  .object({
    productId: z.string(),
    variantId: z.string(),
    sku: z.string(),
    slug: z.string(),
    name: z.string(),
    variantTitle: z.string().describe('The chosen option values, e.g. "42 / Black"; empty for a product without options'),
    options: z.array(OptionValue).describe("One value per option of the product, in option order"),
    imageUrl: z.string().nullable().describe("The variant's image, else the product's first, if any"),
    unitPrice: z.number().int().describe("Current price of the variant, integer minor units of `currency`"),
    quantity: z.number().int(),
    lineTotal: z.number().int().describe("unitPrice × quantity"),
    available: z.number().int().describe("Current stock of the variant"),
    inStock: z.boolean().describe("The variant and its product are active and quantity <= available"),
    maxQuantity: z
      .number()
      .int()
      .describe("The most this line may hold now: the lower of available and the per-line cap (0 when inactive)"),
  })
  .meta({ id: "CartLine" });
export type CartLine = z.infer<typeof CartLine>;

export const Cart = z
  .object({
    items: z.array(CartLine).describe("In the order the products were first added"),
    subtotal: z.number().int().describe("Sum of lineTotal, integer minor units"),
    currency: z.string().describe("ISO 4217; USD for an empty cart"),
    itemCount: z.number().int().describe("Sum of quantities"),
    cartToken: z
      .string()
      .nullable()
      .describe("Guests: the opaque token of this cart (also sent as the X-Cart-Token response header); null for signed-in callers"),
  })
  .meta({ id: "Cart" });
export type Cart = z.infer<typeof Cart>;

// The pipe keeps trpc-to-openapi from coercing the JSON body field (null or "" would become 0, true 1).
const quantity = (min: number) => z.number().int().min(min).max(MAX_CART_LINE_CAP).pipe(z.number());

/** A variant (or a product without options) and a quantity: prices, owners and ids are never taken from the client. */
export const AddCartItemInput = z
  .object({
    variantId: z.uuid().optional().describe("The variant to add (the product detail's variants[].id)"),
    productId: z
      .uuid()
      .optional()
      .describe("For a product with one variant (no options); a product with several answers 400 naming its options"),
    quantity: quantity(1).describe("Added to the quantity already in the cart; at most the per-line cap"),
  })
  .strict()
  .describe("Exactly one of variantId and productId");
export type AddCartItemInput = z.infer<typeof AddCartItemInput>;

export const UpdateCartItemInput = z
  .object({
    productId: z
      .uuid()
      .describe("The line's variant id, or its product id when the cart holds one variant of that product"),
    quantity: quantity(0).describe("The new quantity of the line; 0 removes it"),
  })
  .strict();
export type UpdateCartItemInput = z.infer<typeof UpdateCartItemInput>;

export const RemoveCartItemInput = z
  .object({ id: z.uuid().describe("The variant id of the line, or a product id (every line of that product)") })
  .strict();
export type RemoveCartItemInput = z.infer<typeof RemoveCartItemInput>;
