/**
 * A small in-process cache for public catalogue reads: entries are fresh for `ttlMs`, at most `maxEntries` (least
 * recently used first out), and a concurrent miss for one key shares a single load. After its TTL an entry may be
 * served for up to `staleMs` more while ONE load in the background replaces it (stale-while-revalidate): under
 * steady traffic no request waits for a reload, and the one reload happens once per TTL whatever the rate.
 * `clear()` is the invalidation: writes that change what the catalogue shows (product created, stock or rating
 * changed) call it, and nothing cleared is served stale afterwards. In-process only: another replica may serve an
 * entry up to `ttlMs + staleMs` old, which is the documented staleness.
 */
export interface TtlCache<V> {
  get(key: string, load: () => Promise<V>): Promise<V>;
  clear(): void;
  readonly size: number;
}

interface Entry<V> {
  value: Promise<V>;
  expiresAt: number;
  /** The load has succeeded (a stale entry whose first load still runs is not loaded a second time). */
  settled: boolean;
  refreshing: boolean;
}

function entry<V>(value: Promise<V>, expiresAt: number): Entry<V> {
  const created: Entry<V> = { value, expiresAt, settled: false, refreshing: false };
  value.then(
    () => (created.settled = true),
    () => undefined,
  );
  return created;
}

export function createTtlCache<V>({
  ttlMs,
  maxEntries,
  staleMs = 0,
  jitter = 0,
  now = Date.now,
  random = Math.random,
}: {
  ttlMs: number;
  maxEntries: number;
  staleMs?: number;
  /** Each entry lives ttlMs × (1 ± jitter/2): entries loaded together (a cold start, a clear) reload spread out. */
  jitter?: number;
  now?: () => number;
  random?: () => number;
}): TtlCache<V> {
  const lifetime = () => ttlMs * (1 + jitter * (random() - 0.5));
  const entries = new Map<string, Entry<V>>();
  let generation = 0;

  const store = (key: string, entry: Entry<V>) => {
    entries.delete(key);
    entries.set(key, entry); // most recently used last
    while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
  };

  /** A background reload of a stale entry: it replaces the entry when it succeeds and nothing cleared it meanwhile. */
  const refresh = (key: string, stale: Entry<V>, load: () => Promise<V>) => {
    stale.refreshing = true;
    const started = generation;
    const value = load();
    value.then(
      () => {
        if (started === generation && entries.get(key) === stale) store(key, entry(value, now() + lifetime()));
      },
      () => {
        // Keep serving the stale value until its grace ends; the next request after that loads in the open.
        stale.refreshing = false;
      },
    );
  };

  return {
    get size() {
      return entries.size;
    },
    async get(key, load) {
      if (ttlMs <= 0) return load();
      const hit = entries.get(key);
      const at = now();
      if (hit && hit.expiresAt > at) {
        store(key, hit);
        return hit.value;
      }
      if (hit && hit.expiresAt + staleMs > at) {
        if (hit.settled && !hit.refreshing) refresh(key, hit, load);
        return hit.value;
      }
      const started = generation;
      const value = load();
      store(key, entry(value, at + lifetime()));
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
