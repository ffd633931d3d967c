import type { Redis } from "ioredis";

/** Every key matching `pattern`, by SCAN (never KEYS, which blocks a shared server). */
export async function scanKeys(redis: Redis, pattern: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 500);
    found.push(...keys);
    cursor = next;
  } while (cursor !== "0");
  return found;
}

/** Every key under `prefix:` with its value, whatever its Redis type. */
export async function dumpKeys(redis: Redis, prefix: string): Promise<Record<string, unknown>> {
  const dump: Record<string, unknown> = {};
  for (const key of await scanKeys(redis, `${prefix}:*`)) {
    const type = await redis.type(key);
    if (type === "string") dump[key] = await redis.get(key);
    else if (type === "hash") dump[key] = await redis.hgetall(key);
    else if (type === "list") dump[key] = await redis.lrange(key, 0, -1);
    else if (type === "set") dump[key] = await redis.smembers(key);
    else if (type === "zset") dump[key] = await redis.zrange(key, 0, -1, "WITHSCORES");
    else if (type === "stream") dump[key] = await redis.xrange(key, "-", "+");
    else dump[key] = `<${type}>`;
  }
  return dump;
}

/** Deletes every key under `prefix:` (a test's queue prefix or store namespace). */
export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  const keys = await scanKeys(redis, `${prefix}:*`);
  for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
}
