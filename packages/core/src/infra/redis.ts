import { Redis, type RedisOptions } from "ioredis";

export type { Redis };

export interface RedisClientOptions {
  /** Fail commands at once while disconnected instead of queueing them (request paths want fast 503s). */
  failFast?: boolean;
  /** Required by BullMQ connections (blocking commands must wait across reconnects). */
  bullmq?: boolean;
  connectionName?: string;
}

/** An ioredis client that keeps reconnecting in the background with a capped backoff. */
export function createRedis(url: string, options: RedisClientOptions = {}): Redis {
  const base: RedisOptions = {
    connectionName: options.connectionName ?? "shop",
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    lazyConnect: false,
  };
  if (options.bullmq) return new Redis(url, { ...base, maxRetriesPerRequest: null });
  if (options.failFast) return new Redis(url, { ...base, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  return new Redis(url, base);
}

/**
 * Resolves once the client is connected (at most `timeoutMs`), so a fail-fast client's first command after boot
 * or a reconnect is not refused merely because the socket is still opening. Between reconnection attempts (the
 * server was just found unreachable) and once an attempt fails it rejects at once: waiting out the timeout on
 * every request during an outage would turn "fail fast" into "fail after timeoutMs".
 */
export function redisReady(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === "ready") return Promise.resolve();
  if (redis.status === "reconnecting" || redis.status === "close" || redis.status === "end") {
    return Promise.reject(new Error(`redis not ready (${redis.status})`));
  }
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      redis.off("ready", onReady);
      redis.off("close", onClose);
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`redis not ready after ${timeoutMs} ms (${redis.status})`));
    }, timeoutMs);
    timer.unref();
    const onReady = () => {
      done();
      resolve();
    };
    const onClose = () => {
      done();
      reject(new Error("redis connection attempt failed"));
    };
    redis.once("ready", onReady);
    redis.once("close", onClose);
  });
}
