import type { Db } from "@shop/db";
import { DomainError } from "../errors/domain-error";
import { SavedShippingAddress, ShippingAddress } from "./address.schemas";
import { findProfile, findShippingAddress, updateProfileRow, type ProfileRow } from "./user.repository";
import type { Profile, UpdateProfileInput } from "./user.schemas";

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
    smsNotifications: row.smsNotifications,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function getProfile(db: Db, userId: string): Promise<Profile> {
  const row = await findProfile(db, userId);
  if (!row) throw new DomainError("NOT_FOUND", "User not found");
  return toProfile(row);
}

export async function updateProfile(db: Db, userId: string, patch: UpdateProfileInput): Promise<Profile> {
  // Email is not unique (an answer that said "already in use" told strangers whose address it is).
  return toProfile(await updateProfileRow(db, userId, patch));
}

/** The stored default address, if any (checkout falls back to it). */
export async function defaultShippingAddress(db: Db, userId: string): Promise<ShippingAddress | null> {
  const parsed = ShippingAddress.safeParse(await findShippingAddress(db, userId));
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
