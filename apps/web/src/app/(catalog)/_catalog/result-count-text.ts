/**
 * The catalogue's result count as words, from the list answer's total: "1 result", "24 results", or
 * "about 98,000 results" when the API could only estimate (totalIsEstimate). One fixed locale, like lib/format.ts,
 * so server and client render the same text.
 */
const LOCALE = "en-US";
const exact = new Intl.NumberFormat(LOCALE);
// An estimate is the database planner's guess: two significant digits are all it is worth.
const rounded = new Intl.NumberFormat(LOCALE, { maximumSignificantDigits: 2 });

export function resultCountText(total: number, isEstimate: boolean): string {
  if (isEstimate) return `about ${rounded.format(total)} results`;
  return total === 1 ? "1 result" : `${exact.format(total)} results`;
}
