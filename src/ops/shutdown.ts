import type { Server } from 'node:http';
import type { Readiness } from './health.js';

export interface DrainOptions {
  readiness?: Readiness;
  /** How long readiness reads as failed before the server stops accepting: the load balancer's probe interval × its failure threshold. */
  shutdownDelayMs: number;
  /** How long requests in flight may take to finish once the server stops accepting; then their connections are cut. */
  drainTimeoutMs: number;
  log?: (line: string) => void;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Stops a server without cutting the requests it is serving:
 * 1. readiness fails (draining), so the load balancer stops sending new requests here;
 * 2. after `shutdownDelayMs` (time for it to notice) the server stops accepting connections;
 * 3. idle keep-alive connections are closed at once, and each busy one as soon as its response is sent;
 * 4. whatever is still running after `drainTimeoutMs` has its connection closed.
 * Resolves once every connection is gone (the database may then close).
 */
export async function drainServer(server: Server, opts: DrainOptions): Promise<{ forced: boolean }> {
  const log = opts.log ?? (() => {});
  opts.readiness?.startDraining();
  log(`draining: readiness fails now; closing the listener in ${opts.shutdownDelayMs} ms`);
  if (opts.shutdownDelayMs > 0) await sleep(opts.shutdownDelayMs);
  let forced = false;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  // A keep-alive connection whose request finishes during the drain becomes idle; close it then, rather than at the timeout.
  const idleSweep = setInterval(() => server.closeIdleConnections(), 50);
  const deadline = setTimeout(() => {
    forced = true;
    log(`drain timeout (${opts.drainTimeoutMs} ms): closing the connections still open`);
    server.closeAllConnections();
  }, opts.drainTimeoutMs);
  try {
    await closed;
  } finally {
    clearInterval(idleSweep);
    clearTimeout(deadline);
  }
  log(forced ? 'drained (connections cut at the timeout)' : 'drained: every request in flight finished');
  return { forced };
}

/** On SIGTERM or SIGINT: drain the server, then `onDrained` (close services and database), then exit. */
export function drainOnSignal(server: Server, opts: DrainOptions & { onDrained: () => Promise<void> }): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    opts.log?.(`${signal} received`);
    void drainServer(server, opts)
      .then(() => opts.onDrained())
      .then(
        () => process.exit(0),
        (e: unknown) => {
          opts.log?.(`shutdown failed: ${e instanceof Error ? e.message : String(e)}`);
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
