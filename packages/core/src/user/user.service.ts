import { Prisma, type Db } from "@shop/db";
import { DomainError } from "../errors/domain-error";
import { SavedShippingAddress, ShippingAddress } from "./address.schemas";
import type { Profile, UpdateProfileInput } from "./user.schemas";

const profileSelect = {
  id: true,
  phone: true,
  name: true,
  email: true,
  role: true,
  shippingAddress: true,
  createdAt: true,
} as const;

type ProfileRow = Prisma.UserGetPayload<{ select: typeof profileSelect }>;

function toProfile(row: ProfileRow): Profile {
  // Read leniently: an address saved before countries were checked is shown (and fixed on the next save).
  const address = SavedShippingAddress.safeParse(row.shippingAddress);
  return {
    id: row.id,
    phone: row.phone,
    name: row.name,
    email: row.email,
    role: row.role,
    shippingAddress: address.success ? address.data : null,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function getProfile(db: Db, userId: string): Promise<Profile> {
  const row = await db.user.findUnique({ where: { id: userId }, select: profileSelect });
  if (!row) throw new DomainError("NOT_FOUND", "User not found");
  return toProfile(row);
}

export async function updateProfile(db: Db, userId: string, patch: UpdateProfileInput): Promise<Profile> {
  const data: Prisma.UserUpdateInput = {};
  if (patch.name !== undefined) data.name = patch.name;
  if (patch.email !== undefined) data.email = patch.email;
  if (patch.shippingAddress !== undefined) data.shippingAddress = patch.shippingAddress ?? Prisma.DbNull;
  // Email is not unique (an answer that said "already in use" told strangers whose address it is).
  const row = await db.user.update({ where: { id: userId }, data, select: profileSelect });
  return toProfile(row);
}

/** The stored default address, if any (checkout falls back to it). */
export async function defaultShippingAddress(db: Db, userId: string): Promise<ShippingAddress | null> {
  const row = await db.user.findUnique({ where: { id: userId }, select: { shippingAddress: true } });
  const parsed = ShippingAddress.safeParse(row?.shippingAddress);
  return parsed.success ? parsed.data : null;
}

export interface UserService {
  profile(userId: string): Promise<Profile>;
  updateProfile(userId: string, patch: UpdateProfileInput): Promise<Profile>;
}

export function createUserService({ db }: { db: Db }): UserService {
  return {
    profile: (userId) => getProfile(db, userId),
    updateProfile: (userId, patch) => updateProfile(db, userId, patch),
  };
}
