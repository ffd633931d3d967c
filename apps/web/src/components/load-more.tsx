"use client";
import { errorMessage } from "../lib/errors";

/** The part of a cursor query (useCursorPages) that "load more" needs. */
interface NextPages {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  error: unknown;
  fetchNextPage: () => unknown;
}

/** The error of the last page fetch, if any, and the button that fetches the next page while there is one. */
export function LoadMore({ pages, label = "Load more" }: { pages: NextPages; label?: string }) {
  return (
    <>
      {pages.isFetchNextPageError && (
        <p className="alert" role="alert">
          {errorMessage(pages.error)}
        </p>
      )}
      {pages.hasNextPage && (
        <button type="button" className="secondary" onClick={() => pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
          {pages.isFetchingNextPage ? "Loading…" : label}
        </button>
      )}
    </>
  );
}
