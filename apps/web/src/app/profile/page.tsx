import type { Metadata } from "next";
import { countryOptions } from "@shop/core";
import { requireUser } from "../../lib/session";
import { ProfileForm } from "./profile-form";

export const metadata: Metadata = { title: "Profile" };

export default async function ProfilePage() {
  const user = await requireUser("/profile");
  return (
    <main>
      <h1>Your profile</h1>
      <p className="muted">
        Signed in as <strong>{user.phone}</strong>
        {user.role === "admin" ? " (administrator)" : ""}.
      </p>
      <ProfileForm profile={user} countries={countryOptions()} />
    </main>
  );
}
