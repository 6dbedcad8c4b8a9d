import type { Clock } from '../clock.js';

/**
 * Where request counts live. In memory for one instance now; a shared store (PostgreSQL, Redis) implements the same
 * method when several instances serve one limit.
 */
export interface RateLimitStore {
  /** Counts one hit for `key` in the fixed window that contains `nowMs`; returns the count so far and when the window ends. */
  hit(key: string, windowMs: number, nowMs: number): Promise<{ count: number; resetAtMs: number }>;
}

/** A fixed-window counter per key, forgetting windows that have ended. */
export function memoryRateLimitStore(): RateLimitStore {
  const windows = new Map<string, { start: number; count: number }>();
  let lastSweep = 0;
  return {
    async hit(key, windowMs, nowMs) {
      const start = nowMs - (nowMs % windowMs);
      if (start !== lastSweep) {
        for (const [k, w] of windows) if (w.start < start) windows.delete(k);
        lastSweep = start;
      }
      const w = windows.get(key);
      const current = w && w.start === start ? w : { start, count: 0 };
      current.count += 1;
      windows.set(key, current);
      return { count: current.count, resetAtMs: start + windowMs };
    },
  };
}

export interface RateLimit {
  limit: number;
  windowMs: number;
}

/**
 * Counts a request of `key`; returns null while within the limit, else the seconds to wait (for `Retry-After`).
 */
export async function overLimit(store: RateLimitStore, key: string, limit: RateLimit, clock: Clock): Promise<number | null> {
  const now = clock().getTime();
  const { count, resetAtMs } = await store.hit(key, limit.windowMs, now);
  return count > limit.limit ? Math.max(1, Math.ceil((resetAtMs - now) / 1000)) : null;
}
