import { StrictBoolean } from "../infra/query-params";
import { z } from "zod";
import { SavedShippingAddress, ShippingAddress } from "./address.schemas";

export const Profile = z
  .object({
    id: z.string(),
    phone: z.string().describe("E.164"),
    name: z.string().nullable(),
    email: z.string().nullable(),
    role: z.enum(["customer", "admin", "staff"]),
    shippingAddress: SavedShippingAddress.nullable(),
    smsNotifications: z.boolean().describe("Texts about the caller's orders (placed, paid, shipped, cancelled, refunded); false: none"),
    createdAt: z.string().describe("ISO 8601"),
  })
  .meta({ id: "Profile" });
export type Profile = z.infer<typeof Profile>;

/** Only these fields can change; anything else (phone, role, id, ...) is refused by `.strict()`. */
export const UpdateProfileInput = z
  .object({
    name: z.string().trim().min(1).max(120).nullable().optional(),
    email: z.email().max(254).toLowerCase().nullable().optional(),
    shippingAddress: ShippingAddress.nullable().optional(),
    smsNotifications: StrictBoolean.optional().describe("false: no texts about orders (sign-in codes are still sent)"),
  })
  .strict();
export type UpdateProfileInput = z.infer<typeof UpdateProfileInput>;
