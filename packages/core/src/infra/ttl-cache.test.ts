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
});
