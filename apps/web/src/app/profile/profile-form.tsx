"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import type { CountryOption, Profile } from "@shop/core";
import { CountrySelect } from "../../components/country-select";
import { errorMessage } from "../../lib/errors";
import { useTRPC } from "../../trpc/client";

export function ProfileForm({ profile, countries }: { profile: Profile; countries: CountryOption[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const save = useMutation(trpc.user.updateProfile.mutationOptions({ onSuccess: () => router.refresh() }));
  const a = profile.shippingAddress;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const text = (name: string) => String(f.get(name) ?? "").trim();
    const opt = (name: string) => text(name) || undefined;
    const hasAddress = ["line1", "city", "postalCode", "country"].some((n) => text(n));
    save.mutate({
      name: text("name") || null,
      email: text("email") || null,
      shippingAddress: hasAddress
        ? { line1: text("line1"), line2: opt("line2"), city: text("city"), region: opt("region"), postalCode: text("postalCode"), country: text("country") }
        : null,
    });
  }

  return (
    <form className="stack panel" onSubmit={onSubmit} aria-label="Profile">
      <label>
        Name
        <input name="name" autoComplete="name" maxLength={120} defaultValue={profile.name ?? ""} />
      </label>
      <label>
        Email
        <input name="email" type="email" autoComplete="email" maxLength={254} defaultValue={profile.email ?? ""} />
      </label>
      <fieldset className="stack">
        <legend>Default shipping address</legend>
        <label>
          Address line 1
          <input name="line1" autoComplete="address-line1" defaultValue={a?.line1 ?? ""} />
        </label>
        <label>
          Address line 2
          <input name="line2" autoComplete="address-line2" defaultValue={a?.line2 ?? ""} />
        </label>
        <label>
          City
          <input name="city" autoComplete="address-level2" defaultValue={a?.city ?? ""} />
        </label>
        <label>
          Region
          <input name="region" autoComplete="address-level1" defaultValue={a?.region ?? ""} />
        </label>
        <label>
          Postal code
          <input name="postalCode" autoComplete="postal-code" defaultValue={a?.postalCode ?? ""} />
        </label>
        <CountrySelect countries={countries} defaultValue={a?.country} required={false} />
      </fieldset>
      {save.error && <p className="alert" role="alert">{errorMessage(save.error)}</p>}
      {save.isSuccess && <p className="notice" role="status">Saved.</p>}
      <button type="submit" disabled={save.isPending}>
        Save
      </button>
    </form>
  );
}
