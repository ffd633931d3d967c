"use client";
import { useInfiniteQuery, useQueryClient, type InfiniteData, type QueryKey } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";

interface CursorPage {
  nextCursor: string | null;
}

type Pages<TPage> = InfiniteData<TPage, string | null>;

/**
 * What a listing showed when its history entry was left: how many pages (their cursors) and where the window was
 * scrolled. Kept in the entry's own history.state (next to Next.js's keys, which its router preserves), so Back
 * (and a reload) returns to the same items at the same place, while a new visit of the same URL starts at the top.
 */
interface SavedListing {
  pageParams: (string | null)[];
  scrollY: number;
}

const STATE_KEY = "shopListings";

function savedListing(key: string): SavedListing | undefined {
  const saved = (window.history.state as Record<string, unknown> | null)?.[STATE_KEY] as Record<string, SavedListing> | undefined;
  const entry = saved?.[key];
  return entry && Array.isArray(entry.pageParams) && typeof entry.scrollY === "number" ? entry : undefined;
}

function saveListing(key: string, listing: SavedListing) {
  const state = (window.history.state ?? {}) as Record<string, unknown>;
  const saved = (state[STATE_KEY] ?? {}) as Record<string, SavedListing>;
  // No URL argument: only this entry's state changes, the router sees no navigation.
  window.history.replaceState({ ...state, [STATE_KEY]: { ...saved, [key]: listing } }, "");
}

const samePages = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * "Load more" over a keyset-paginated procedure, starting from the page the server already rendered, and
 * restorable: coming back to the history entry gives back the pages that were loaded (from the query cache, or
 * fetched again along the cursors after a reload) and the scroll position.
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
  const key = JSON.stringify(queryKey);
  // Read once per mount, in the browser only (the server has no history; the first client render matches it).
  const [restoring, setRestoring] = useState<SavedListing | null>(() => (typeof window === "undefined" ? null : (savedListing(key) ?? null)));
  const { fetchNextPage } = query;

  useEffect(() => {
    // Read again here rather than from `restoring`: a server render that arrives after the restore finished must
    // not drop the pages either.
    const target = savedListing(key);
    const cached = queryClient.getQueryData<Pages<TPage>>(JSON.parse(key) as QueryKey);
    if (target && cached && samePages(cached.pageParams, target.pageParams)) return; // Back within the session
    // Otherwise the page the server has just rendered is the newest truth (initialData only fills an empty cache).
    queryClient.setQueryData<Pages<TPage>>(JSON.parse(key) as QueryKey, { pages: [firstPage], pageParams: [null] });
    if (!target || target.pageParams.length <= 1) return;
    let cancelled = false;
    void (async () => {
      for (let i = 1; i < target.pageParams.length && !cancelled; i++) {
        const result = await fetchNextPage();
        if (!result.hasNextPage || result.isError) break;
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [firstPage, key, queryClient, fetchNextPage]);

  // Once the pages are back (or as many as still exist), so is the scroll position.
  const loaded = query.data.pages.length;
  useEffect(() => {
    if (!restoring) return;
    if (loaded < restoring.pageParams.length && query.hasNextPage && !query.isError) return;
    window.scrollTo(0, restoring.scrollY);
    setRestoring(null);
  }, [loaded, restoring, query.hasNextPage, query.isError]);

  // Remember the pages and the scroll position whenever more are loaded and whenever the entry is left (a link, a
  // reload, closing the tab), but not while a restore is still putting them back.
  const pageParams = query.data.pageParams as (string | null)[];
  const latest = useRef({ pageParams, restoring });
  latest.current = { pageParams, restoring };
  useEffect(() => {
    const save = () => {
      if (latest.current.restoring) return;
      saveListing(key, { pageParams: latest.current.pageParams, scrollY: window.scrollY });
    };
    if (loaded > 1) save();
    const onClick = (event: MouseEvent) => {
      if (event.target instanceof Element && event.target.closest("a[href]")) save();
    };
    document.addEventListener("click", onClick, true);
    window.addEventListener("pagehide", save);
    return () => {
      document.removeEventListener("click", onClick, true);
      window.removeEventListener("pagehide", save);
    };
  }, [key, loaded]);

  return { ...query, restoring: restoring !== null };
}
