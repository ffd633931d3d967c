/**
 * Prices are typed in major units ("12.50") and travel as integer minor units (1250). The back office lists
 * products of any currency; its price filters use the shop's default currency's scale.
 */
import { minorPerMajor } from "../../../../lib/format";

export const DEFAULT_CURRENCY = "USD";

/** "12.5" -> 1250; undefined when empty; NaN when not a non-negative amount with at most the currency's decimals. */
export function parseMajor(text: string | undefined, currency = DEFAULT_CURRENCY): number | undefined {
  const value = (text ?? "").trim();
  if (value === "") return undefined;
  const scale = minorPerMajor(currency);
  const decimals = Math.round(Math.log10(scale));
  const pattern = decimals > 0 ? new RegExp(`^\\d{1,9}(\\.\\d{1,${decimals}})?$`) : /^\d{1,9}$/;
  if (!pattern.test(value)) return Number.NaN;
  return Math.round(Number(value) * scale);
}

/** 1250 -> "12.50" (for an input's value). */
export function formatMajor(minor: number | null | undefined, currency = DEFAULT_CURRENCY): string {
  if (minor === null || minor === undefined) return "";
  const scale = minorPerMajor(currency);
  const decimals = Math.round(Math.log10(scale));
  return (minor / scale).toFixed(decimals);
}
