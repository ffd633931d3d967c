import { formatMoney } from "../../../lib/format";

/** An amount in integer minor units, formatted for its currency ("$12.50"); "—" when there is none. */
export function Money({ minor, currency }: { minor: number | null | undefined; currency: string }) {
  if (minor === null || minor === undefined) return <span className="muted">—</span>;
  return <span className="money">{formatMoney(minor, currency)}</span>;
}
