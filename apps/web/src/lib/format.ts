/**
 * Display formatting shared by server and client components. One fixed locale and time zone, so the HTML the
 * server renders and the client hydrates are identical.
 */
const LOCALE = "en-US";
const TIME_ZONE = "UTC";

const moneyFormats = new Map<string, Intl.NumberFormat>();
function moneyFormat(currency: string): Intl.NumberFormat {
  let format = moneyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat(LOCALE, { style: "currency", currency });
    moneyFormats.set(currency, format);
  }
  return format;
}

/** Minor units per major unit of a currency: 100 for USD, 1 for JPY, 1000 for KWD. */
export function minorPerMajor(currency: string): number {
  return 10 ** (moneyFormat(currency).resolvedOptions().maximumFractionDigits ?? 2);
}

/** An amount in integer minor units (what the API sends), e.g. 24999 USD -> "$249.99". */
export function formatMoney(minor: number, currency: string): string {
  return moneyFormat(currency).format(minor / minorPerMajor(currency));
}

/** A user-typed amount in major units ("12.5") -> minor units (1250); undefined when empty or not a price. */
export function toMinorUnits(major: string | undefined, currency: string): number | undefined {
  if (major === undefined || major.trim() === "") return undefined;
  const value = Number(major);
  if (!Number.isFinite(value) || value < 0) return undefined;
  return Math.round(value * minorPerMajor(currency));
}

const ratingFormat = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 2 });

/** "4.67 out of 5 (3 reviews)", or "No reviews yet". */
export function ratingSummary(average: number, count: number): string {
  if (count === 0) return "No reviews yet";
  return `${ratingFormat.format(average)} out of 5 (${count} ${count === 1 ? "review" : "reviews"})`;
}

/** Five stars, filled to the rounded rating: decoration next to a text equivalent. */
export function stars(rating: number): string {
  const full = Math.max(0, Math.min(5, Math.round(rating)));
  return "★".repeat(full) + "☆".repeat(5 - full);
}

const dateFormat = new Intl.DateTimeFormat(LOCALE, { dateStyle: "medium", timeZone: TIME_ZONE });
const dateTimeFormat = new Intl.DateTimeFormat(LOCALE, { dateStyle: "medium", timeStyle: "short", timeZone: TIME_ZONE });

export function formatDate(iso: string): string {
  return dateFormat.format(new Date(iso));
}

export function formatDateTime(iso: string): string {
  return `${dateTimeFormat.format(new Date(iso))} UTC`;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
