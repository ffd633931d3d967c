import { resultCountText } from "./result-count-text";

/**
 * How many products the filters match (see result-count-text.ts). No hooks, so it renders on the server and the
 * client alike. Nothing for no results: the empty state says so. role="status" announces a new count after
 * the filters change client-side.
 */
export function ResultCount({ total, isEstimate }: { total: number; isEstimate: boolean }) {
  if (total <= 0) return null;
  return (
    <p className="result-count muted" role="status">
      {resultCountText(total, isEstimate)}
    </p>
  );
}
