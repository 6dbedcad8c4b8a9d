import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The request id of the HTTP request being served, carried implicitly so audit entries record it without
 * every domain method taking it as an argument. Empty outside a request (CLI, start-up).
 */
const store = new AsyncLocalStorage<{ requestId: string }>();

export function runWithRequestId<T>(requestId: string, fn: () => T): T {
  return store.run({ requestId }, fn);
}

export function currentRequestId(): string | null {
  return store.getStore()?.requestId ?? null;
}
