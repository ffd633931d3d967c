/** The pure part of pagination.tsx: where a list is, from its address. */
import { param, type SearchParams } from "./url-state";

/** Pages kept in the address: at most this many earlier cursors (older ones are reached through "First page"). */
export const MAX_TRAIL = 30;

/**
 * The earlier positions of a keyset-paginated list. `cursor` is where this page starts (absent: the first page);
 * `prev` lists the cursors of the pages before it ("" for the first), so Previous works without the API having to
 * page backwards, and a shared link still opens the very same page.
 */
export function cursorState(params: SearchParams): { cursor?: string; trail: string[] } {
  const cursor = param(params, "cursor");
  const prev = param(params, "prev");
  const trail = cursor ? (prev ? prev.split(".") : [""]) : [];
  // Cursors are base64url (no "."), so "." separates them safely.
  return { cursor, trail: trail.filter((c) => c === "" || /^[A-Za-z0-9_-]{1,512}$/.test(c)).slice(-MAX_TRAIL) };
}

/** The pages worth a link around `page`: the first, the last, and two on either side; null marks a gap. */
export function pageWindow(page: number, pageCount: number): (number | null)[] {
  const pages = new Set([1, pageCount, page - 2, page - 1, page, page + 1, page + 2].filter((p) => p >= 1 && p <= pageCount));
  const sorted = [...pages].sort((a, b) => a - b);
  const out: (number | null)[] = [];
  for (const p of sorted) {
    if (out.length && p - (out.at(-1) as number) > 1) out.push(null);
    out.push(p);
  }
  return out;
}

