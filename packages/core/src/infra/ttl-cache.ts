/**
 * A small in-process cache for public catalogue reads: entries live `ttlMs`, at most `maxEntries` (least
 * recently used first out), and a concurrent miss for one key shares a single load. `clear()` is the
 * invalidation: writes that change what the catalogue shows (product created, stock or rating changed) call it.
 * In-process only: another replica may serve an entry up to `ttlMs` old, which is the documented staleness.
 */
export interface TtlCache<V> {
  get(key: string, load: () => Promise<V>): Promise<V>;
  clear(): void;
  readonly size: number;
}

export function createTtlCache<V>({ ttlMs, maxEntries, now = Date.now }: { ttlMs: number; maxEntries: number; now?: () => number }): TtlCache<V> {
  const entries = new Map<string, { value: Promise<V>; expiresAt: number }>();
  let generation = 0;
  return {
    get size() {
      return entries.size;
    },
    async get(key, load) {
      if (ttlMs <= 0) return load();
      const hit = entries.get(key);
      if (hit && hit.expiresAt > now()) {
        entries.delete(key);
        entries.set(key, hit); // most recently used last
        return hit.value;
      }
      const started = generation;
      const value = load();
      entries.set(key, { value, expiresAt: now() + ttlMs });
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
      try {
        return await value;
      } catch (error) {
        // Failures (a 404 included) are not cached; neither is a load that raced with an invalidation.
        if (entries.get(key)?.value === value) entries.delete(key);
        throw error;
      } finally {
        if (started !== generation && entries.get(key)?.value === value) entries.delete(key);
      }
    },
    clear() {
      generation++;
      entries.clear();
    },
  };
}
