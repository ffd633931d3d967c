"use client";
import { useInfiniteQuery, type QueryKey } from "@tanstack/react-query";

interface CursorPage {
  nextCursor: string | null;
}

/**
 * "Load more" over a keyset-paginated procedure, starting from the page the server already rendered.
 * Not `trpc.x.infiniteQueryOptions`: it adds `direction` to the input, which the API's `.strict()` inputs refuse
 * with a 400. The key should be the procedure's `infiniteQueryKey(input)`, so `invalidateQueries` finds it.
 */
export function useCursorPages<TPage extends CursorPage>(
  queryKey: QueryKey,
  fetchPage: (cursor: string | undefined) => Promise<TPage>,
  firstPage: TPage,
) {
  return useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam ?? undefined),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    initialData: { pages: [firstPage], pageParams: [null] },
  });
}
