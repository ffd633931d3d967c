import { Prisma, type Db } from "@shop/db";

const profileSelect = {
  id: true,
  phone: true,
  name: true,
  email: true,
  role: true,
  shippingAddress: true,
  smsNotifications: true,
  createdAt: true,
} as const satisfies Prisma.UserSelect;

export type ProfileRow = Prisma.UserGetPayload<{ select: typeof profileSelect }>;

export interface ProfilePatch {
  name?: string | null;
  email?: string | null;
  /** null clears the saved address. */
  shippingAddress?: Prisma.InputJsonValue | null;
  smsNotifications?: boolean;
}

export function findProfile(db: Db, userId: string): Promise<ProfileRow | null> {
  return db.user.findUnique({ where: { id: userId }, select: profileSelect });
}

export function updateProfileRow(db: Db, userId: string, patch: ProfilePatch): Promise<ProfileRow> {
  const data: Prisma.UserUpdateInput = {};
  if (patch.name !== undefined) data.name = patch.name;
  if (patch.email !== undefined) data.email = patch.email;
  if (patch.shippingAddress !== undefined) data.shippingAddress = patch.shippingAddress ?? Prisma.DbNull;
  if (patch.smsNotifications !== undefined) data.smsNotifications = patch.smsNotifications;
  return db.user.update({ where: { id: userId }, data, select: profileSelect });
}

/** The stored address as saved (unchecked JSON), or null. */
export async function findShippingAddress(db: Db, userId: string): Promise<unknown> {
  const row = await db.user.findUnique({ where: { id: userId }, select: { shippingAddress: true } });
  return row?.shippingAddress ?? null;
}
