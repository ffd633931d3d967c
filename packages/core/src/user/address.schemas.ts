import isoCountries from "i18n-iso-countries/index.js";
import { z } from "zod";

/**
 * The ISO 3166-1 alpha-2 codes, from i18n-iso-countries (maintained against the standard's changes; the entry
 * without locales: only the codes are needed here). It also lists XK (Kosovo), user-assigned but used by carriers.
 */
export const COUNTRY_CODES: readonly string[] = Object.keys(isoCountries.getAlpha2Codes()).sort();

const COUNTRY_HELP = "ISO 3166-1 alpha-2 country code, e.g. GB for the United Kingdom";

/** A country code a new address may carry: in the list, upper case. "UN" or "EN" are two letters, not countries. */
export const CountryCode = z
  .enum(COUNTRY_CODES as [string, ...string[]], { error: `Not a country: use an ${COUNTRY_HELP}` })
  .describe(COUNTRY_HELP);

export interface CountryOption {
  code: string;
  name: string;
}

/**
 * Every country as a picker shows it: the code it submits and its common English name (CLDR, through Intl, so
 * "China" rather than "People's Republic of China"), sorted by name.
 */
export function countryOptions(locale = "en"): CountryOption[] {
  const names = new Intl.DisplayNames([locale], { type: "region", fallback: "code" });
  return COUNTRY_CODES.map((code) => ({ code, name: names.of(code) ?? code })).sort((a, b) => a.name.localeCompare(b.name, locale));
}

/** The English name of a listed country; undefined for any other code (Intl would call "UN" "United Nations"). */
export function countryName(code: string, locale = "en"): string | undefined {
  if (!COUNTRY_CODES.includes(code)) return undefined;
  return new Intl.DisplayNames([locale], { type: "region", fallback: "code" }).of(code);
}

const addressFields = {
  fullName: z.string().trim().min(1).max(120).optional(),
  line1: z.string().trim().min(1).max(200),
  line2: z.string().trim().max(200).optional(),
  city: z.string().trim().min(1).max(100),
  region: z.string().trim().max(100).optional(),
  postalCode: z.string().trim().min(1).max(20),
  phone: z.string().max(32).optional(),
};

/** A postal address as a client sends it (profile, checkout): the country must be a real one. */
export const ShippingAddress = z
  .object({ ...addressFields, country: CountryCode })
  .strict()
  .meta({ id: "ShippingAddressInput" });
export type ShippingAddress = z.infer<typeof ShippingAddress>;

/**
 * A postal address as stored on the profile and copied into orders, and as answers show it. Looser than the input
 * on purpose: addresses saved before the country list was enforced (e.g. "UN") must still be readable; the
 * storefront asks for a real country the next time one is entered.
 */
export const SavedShippingAddress = z
  .object({ ...addressFields, country: z.string().regex(/^[A-Z]{2}$/).describe("ISO 3166-1 alpha-2 country code") })
  .strict()
  .meta({ id: "ShippingAddress" });
export type SavedShippingAddress = z.infer<typeof SavedShippingAddress>;
