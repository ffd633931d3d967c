import type { ReactNode } from "react";

export type Tone = "ok" | "warn" | "bad" | "info" | "neutral";

/**
 * A short state shown as a coloured pill (Active, Archived, Low stock, Paid...). The colour is decoration: the
 * text says the state, so it reads the same without colour.
 */
export function StatusBadge({ tone = "neutral", children }: { tone?: Tone; children: ReactNode }) {
  return <span className={`admin-badge tone-${tone}`}>{children}</span>;
}
