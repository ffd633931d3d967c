/**
 * The list pages keep their state in the address (?q=&status=&sort=&cursor=...): server components read it from
 * searchParams, forms submit it with GET, links carry it. So back/forward, reload and a shared link all show the
 * same list. These helpers are pure (server and client alike).
 */
export type SearchParams = Record<string, string | string[] | undefined>;

/** The first value of a parameter, trimmed; undefined when absent or empty. */
export function param(params: SearchParams, name: string): string | undefined {
  const raw = params[name];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  return value ? value : undefined;
}

/** A parameter that must be one of `allowed` (anything else, e.g. a hand-edited URL, falls back). */
export function oneOf<T extends string>(params: SearchParams, name: string, allowed: readonly T[], fallback: T): T;
export function oneOf<T extends string>(params: SearchParams, name: string, allowed: readonly T[]): T | undefined;
export function oneOf<T extends string>(params: SearchParams, name: string, allowed: readonly T[], fallback?: T): T | undefined {
  const value = param(params, name);
  return value !== undefined && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

/** The parameters that select a page rather than a list: a new search or filter starts at the first page. */
export const PAGE_PARAMS = ["cursor", "prev", "page"] as const;

/**
 * `path` with `params` changed by `changes` (undefined or "" removes a parameter); empty values are dropped, so
 * addresses stay short and canonical.
 */
export function hrefWith(path: string, params: SearchParams, changes: Record<string, string | undefined> = {}): string {
  const query = new URLSearchParams();
  const merged: SearchParams = { ...params, ...changes };
  for (const [key, raw] of Object.entries(merged)) {
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      if (value !== undefined && value !== "") query.append(key, value);
    }
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** The same list without its page position (for filters, sort links and search). */
export function withoutPage(params: SearchParams): SearchParams {
  const copy = { ...params };
  for (const key of PAGE_PARAMS) delete copy[key];
  return copy;
}
