import { describe, expect, it } from "vitest";
import { createTtlCache } from "./ttl-cache";

describe("ttl cache", () => {
  it("serves a hit until the TTL passes, then loads again", async () => {
    let t = 0;
    let loads = 0;
    const cache = createTtlCache<number>({ ttlMs: 100, maxEntries: 10, now: () => t });
    const load = async () => ++loads;
    expect(await cache.get("a", load)).toBe(1);
    expect(await cache.get("a", load)).toBe(1);
    t = 101;
    expect(await cache.get("a", load)).toBe(2);
  });

  it("shares one load between concurrent misses, and does not keep failures", async () => {
    let loads = 0;
    const cache = createTtlCache<number>({ ttlMs: 1_000, maxEntries: 10 });
    const slow = () => new Promise<number>((r) => setTimeout(() => r(++loads), 10));
    expect(await Promise.all([cache.get("k", slow), cache.get("k", slow)])).toEqual([1, 1]);
    await expect(cache.get("x", () => Promise.reject(new Error("404")))).rejects.toThrow("404");
    expect(await cache.get("x", async () => 7)).toBe(7);
  });

  it("clear() invalidates, including a load that was running during the clear", async () => {
    let loads = 0;
    const cache = createTtlCache<number>({ ttlMs: 1_000, maxEntries: 10 });
    let release!: () => void;
    const pending = cache.get("k", () => new Promise<number>((r) => (release = () => r(++loads))));
    cache.clear();
    release();
    expect(await pending).toBe(1);
    expect(await cache.get("k", async () => ++loads)).toBe(2);
  });

  it("evicts the least recently used entry beyond maxEntries; ttl 0 disables caching", async () => {
    const cache = createTtlCache<string>({ ttlMs: 1_000, maxEntries: 2 });
    await cache.get("a", async () => "a");
    await cache.get("b", async () => "b");
    await cache.get("a", async () => "a2"); // a is now most recent
    await cache.get("c", async () => "c"); // evicts b, the least recently used
    expect(await cache.get("a", async () => "a3")).toBe("a");
    expect(await cache.get("b", async () => "b2")).toBe("b2");
    const off = createTtlCache<number>({ ttlMs: 0, maxEntries: 2 });
    let n = 0;
    await off.get("k", async () => ++n);
    expect(await off.get("k", async () => ++n)).toBe(2);
  });

  describe("stale-while-revalidate (staleMs)", () => {
    const deferred = () => {
      let resolve!: (n: number) => void;
      let reject!: (e: Error) => void;
      const promise = new Promise<number>((res, rej) => ((resolve = res), (reject = rej)));
      return { promise, resolve, reject };
    };
    const settle = () => new Promise((r) => setImmediate(r));

    it("serves the stale value while ONE background load replaces it, then the new value", async () => {
      let t = 0;
      const cache = createTtlCache<number>({ ttlMs: 100, staleMs: 100, maxEntries: 10, now: () => t });
      expect(await cache.get("a", async () => 1)).toBe(1);
      t = 150;
      const next = deferred();
      let loads = 0;
      const load = () => (loads++, next.promise);
      expect(await cache.get("a", load)).toBe(1);
      expect(await cache.get("a", load)).toBe(1);
      expect(loads).toBe(1);
      next.resolve(2);
      await settle();
      expect(await cache.get("a", load)).toBe(2);
      expect(loads).toBe(1);
    });

    it("past the grace period a request waits for the load, as without staleMs", async () => {
      let t = 0;
      const cache = createTtlCache<number>({ ttlMs: 100, staleMs: 100, maxEntries: 10, now: () => t });
      await cache.get("a", async () => 1);
      t = 201;
      expect(await cache.get("a", async () => 2)).toBe(2);
    });

    it("a clear() during the background load wins: the reloaded value is dropped, nothing stale is served", async () => {
      let t = 0;
      const cache = createTtlCache<number>({ ttlMs: 100, staleMs: 100, maxEntries: 10, now: () => t });
      await cache.get("a", async () => 1);
      t = 150;
      const next = deferred();
      expect(await cache.get("a", () => next.promise)).toBe(1);
      cache.clear();
      next.resolve(2);
      await settle();
      expect(await cache.get("a", async () => 3)).toBe(3);
    });

    it("a failed background load keeps the stale value, and the next request tries again", async () => {
      let t = 0;
      const cache = createTtlCache<number>({ ttlMs: 100, staleMs: 100, maxEntries: 10, now: () => t });
      await cache.get("a", async () => 1);
      t = 150;
      expect(await cache.get("a", () => Promise.reject(new Error("db down")))).toBe(1);
      await settle();
      let loads = 0;
      expect(await cache.get("a", async () => (loads++, 5))).toBe(1);
      await settle();
      expect(loads).toBe(1);
      expect(await cache.get("a", async () => 6)).toBe(5);
    });

    it("an entry whose first load is still running is not loaded twice", async () => {
      let t = 0;
      const cache = createTtlCache<number>({ ttlMs: 100, staleMs: 100, maxEntries: 10, now: () => t });
      const first = deferred();
      const pending = cache.get("a", () => first.promise);
      t = 150;
      let loads = 0;
      const again = cache.get("a", async () => (loads++, 9));
      first.resolve(1);
      expect(await Promise.all([pending, again])).toEqual([1, 1]);
      expect(loads).toBe(0);
    });
  });

  it("jitter spreads the expiry of entries loaded at the same moment", async () => {
    let t = 0;
    const draws = [0, 1];
    const cache = createTtlCache<number>({ ttlMs: 100, jitter: 0.2, maxEntries: 10, now: () => t, random: () => draws.shift() ?? 0.5 });
    await cache.get("early", async () => 1); // lives 90 ms
    await cache.get("late", async () => 1); // lives 110 ms
    t = 95;
    expect(await cache.get("early", async () => 2)).toBe(2);
    expect(await cache.get("late", async () => 2)).toBe(1);
  });
});
