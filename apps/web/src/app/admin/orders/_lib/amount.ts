/**
 * Amounts typed by a person in major units ("12.50") and sent as integer minor units (1250), in the order's own
 * currency (JPY has no decimals, KWD three). Pure.
 */
import { minorPerMajor } from "../../../../lib/format";

/** "12.5" -> 1250; undefined when empty; NaN when not a positive amount with at most the currency's decimals. */
export function parseAmount(text: string | undefined, currency: string): number | undefined {
  const value = (text ?? "").trim().replace(/,/g, "");
  if (value === "") return undefined;
  const scale = minorPerMajor(currency);
  const decimals = Math.round(Math.log10(scale));
  const pattern = decimals > 0 ? new RegExp(`^\\d{1,9}(\\.\\d{1,${decimals}})?$`) : /^\d{1,9}$/;
  if (!pattern.test(value)) return Number.NaN;
  return Math.round(Number(value) * scale);
}

/** 1250 -> "12.50", for an input's value. */
export function formatAmount(minor: number, currency: string): string {
  const scale = minorPerMajor(currency);
  return (minor / scale).toFixed(Math.round(Math.log10(scale)));
}
