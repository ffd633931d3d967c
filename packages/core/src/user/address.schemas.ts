import { z } from "zod";

/** A postal address as stored on the profile and copied into orders. */
export const ShippingAddress = z
  .object({
    fullName: z.string().trim().min(1).max(120).optional(),
    line1: z.string().trim().min(1).max(200),
    line2: z.string().trim().max(200).optional(),
    city: z.string().trim().min(1).max(100),
    region: z.string().trim().max(100).optional(),
    postalCode: z.string().trim().min(1).max(20),
    country: z.string().regex(/^[A-Z]{2}$/, "ISO 3166-1 alpha-2 country code, e.g. US"),
    phone: z.string().max(32).optional(),
  })
  .strict()
  .meta({ id: "ShippingAddress" });
export type ShippingAddress = z.infer<typeof ShippingAddress>;
