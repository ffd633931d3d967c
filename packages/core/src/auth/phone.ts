import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";
import { z } from "zod";
import { DomainError } from "../errors/domain-error";

export interface PhonePolicy {
  /** Region used for numbers written without a country code (e.g. "UZ" for "90 123 45 67"); none by default. */
  defaultCountry?: string;
  /** Countries SMS may be sent to (ISO 3166-1 alpha-2); empty or absent = all. Guards against SMS pumping. */
  allowedCountries?: readonly string[];
}

/** What clients send: any common format; normalised by `normalisePhone`. */
export const PhoneInput = z.string().trim().min(3).max(32).describe("Phone number in any common format, e.g. +998 90 123 45 67");

/**
 * Normalises a phone number to E.164 with libphonenumber's full metadata (so "valid" means a number that can
 * exist, not merely the right length). Unknown formats, impossible numbers and countries outside the allowlist
 * are one VALIDATION error each, naming the field.
 */
export function normalisePhone(raw: string, policy: PhonePolicy = {}): string {
  const parsed = parsePhoneNumberFromString(raw.trim(), {
    defaultCountry: policy.defaultCountry as CountryCode | undefined,
    extract: false,
  });
  if (!parsed || !parsed.isValid()) {
    throw new DomainError("VALIDATION", "Invalid phone number", {
      details: { field: "phone", hint: "Use the international format, e.g. +14155550123" },
    });
  }
  const allowed = policy.allowedCountries ?? [];
  if (allowed.length > 0 && (!parsed.country || !allowed.includes(parsed.country))) {
    throw new DomainError("VALIDATION", "Phone numbers of this country are not supported", {
      details: { field: "phone", allowedCountries: [...allowed] },
    });
  }
  return parsed.number;
}

/** "+14155550123" -> "•••0123" for logs. */
export function maskPhone(e164: string): string {
  return `•••${e164.slice(-4)}`;
}
