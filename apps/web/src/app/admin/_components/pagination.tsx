import Link from "next/link";
import { cursorState, MAX_TRAIL, pageWindow } from "./pagination-state";
import { hrefWith, type SearchParams } from "./url-state";

export { cursorState, MAX_TRAIL, pageWindow };

export interface PaginationProps {
  path: string;
  params: SearchParams;
  /** The API's cursor of the next page; null on the last page. */
  nextCursor: string | null | undefined;
  /** e.g. "Products 21–40" (optional). */
  summary?: string;
}

export function Pagination({ path, params, nextCursor, summary }: PaginationProps) {
  const { cursor, trail } = cursorState(params);
  if (!cursor && !nextCursor) return summary ? <p className="muted small">{summary}</p> : null;
  const previous = trail.at(-1);
  const previousHref =
    cursor === undefined
      ? undefined
      : hrefWith(path, params, { cursor: previous || undefined, prev: previous ? trail.slice(0, -1).join(".") || undefined : undefined });
  const nextHref = nextCursor
    ? hrefWith(path, params, { cursor: nextCursor, prev: cursor ? [...trail, cursor].slice(-MAX_TRAIL).join(".") : undefined })
    : undefined;
  const page = cursor ? trail.length + 1 : 1;
  return (
    <nav className="admin-pagination" aria-label="Pagination">
      {summary && <p className="muted small">{summary}</p>}
      <ul>
        <li>
          {cursor ? (
            <Link href={hrefWith(path, params, { cursor: undefined, prev: undefined })}>First page</Link>
          ) : (
            <span aria-disabled="true" className="muted">First page</span>
          )}
        </li>
        <li>
          {previousHref ? (
            <Link href={previousHref} rel="prev">
              Previous
            </Link>
          ) : (
            <span aria-disabled="true" className="muted">Previous</span>
          )}
        </li>
        <li aria-current="page">Page {page}</li>
        <li>
          {nextHref ? (
            <Link href={nextHref} rel="next">
              Next
            </Link>
          ) : (
            <span aria-disabled="true" className="muted">Next</span>
          )}
        </li>
      </ul>
    </nav>
  );
}

export interface PagePaginationProps {
  path: string;
  params: SearchParams;
  /** The page shown, from 1, and how many there are (from the API's total / limit). */
  page: number;
  pageCount: number;
  /** Rows matching the filters on all pages, said as "N products". */
  total?: number;
  noun?: [singular: string, plural: string];
}

/** Numbered pages kept in the address as ?page=N (for lists whose API counts its rows). */
export function PagePagination({ path, params, page, pageCount, total, noun = ["result", "results"] }: PagePaginationProps) {
  const summary = total === undefined ? undefined : `${total} ${total === 1 ? noun[0] : noun[1]}${pageCount > 1 ? `, page ${page} of ${pageCount}` : ""}`;
  if (pageCount <= 1) return summary ? <p className="muted small admin-count">{summary}</p> : null;
  const href = (p: number) => hrefWith(path, params, { page: p === 1 ? undefined : String(p) });
  return (
    <nav className="admin-pagination" aria-label="Pagination">
      {summary && <p className="muted small">{summary}</p>}
      <ul>
        <li>
          {page > 1 ? (
            <Link href={href(page - 1)} rel="prev">
              Previous
            </Link>
          ) : (
            <span aria-disabled="true" className="muted">Previous</span>
          )}
        </li>
        {pageWindow(page, pageCount).map((p, i) =>
          p === null ? (
            <li key={`gap-${i}`} aria-hidden="true">
              …
            </li>
          ) : (
            <li key={p}>
              {p === page ? (
                <span aria-current="page" className="current-page">
                  <span className="visually-hidden">Page </span>
                  {p}
                </span>
              ) : (
                <Link href={href(p)} aria-label={`Page ${p}`}>
                  {p}
                </Link>
              )}
            </li>
          ),
        )}
        <li>
          {page < pageCount ? (
            <Link href={href(page + 1)} rel="next">
              Next
            </Link>
          ) : (
            <span aria-disabled="true" className="muted">Next</span>
          )}
        </li>
      </ul>
    </nav>
  );
}
