"use client";
import { useInfiniteQuery, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useEffect } from "react";

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
  const queryClient = useQueryClient();
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam ?? undefined),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    initialData: { pages: [firstPage], pageParams: [null] },
  });
  // initialData only fills an empty cache: a page the server has just rendered is newer than what is cached.
  const key = JSON.stringify(queryKey);
  useEffect(() => {
    queryClient.setQueryData(JSON.parse(key) as QueryKey, { pages: [firstPage], pageParams: [null] });
  }, [firstPage, key, queryClient]);
  return query;
}
