import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tempDir, testClock, testConfig } from './config.js';
import { createApp } from '../../src/http/index.js';
import { compose, seedDemoIfEmpty, type Services } from '../../src/compose.js';
import type { DemoStaffKey } from '../../src/demo/registry.js';
import { createMetrics, serviceOps, type OpsMetrics, type Readiness } from '../../src/ops/index.js';

export { ADMIN_TOKEN, PUBLIC_URL, tempDir, testClock, testConfig } from './config.js';

export interface TestService {
  url: string;
  dir: string;
  services: Services;
  server: Server;
  clock: ReturnType<typeof testClock>;
  demo: DemoStaffKey[];
  /** This service's own metrics registry (src/ops/) and readiness, as main.ts wires them. */
  metrics: OpsMetrics;
  readiness: Readiness;
  /** The demo staff key of `body` whose roles are exactly `roles`. */
  staffKey(body: string, roles: string): string;
  close(): Promise<void>;
}

/** A real service: SQLite file in a temp folder, keystore on disk, HTTP server listening on loopback. */
export async function startTestService(
  opts: {
    demo?: boolean;
    clock?: ReturnType<typeof testClock>;
    dir?: string;
    /** Its public URL is the address it listens on (a random port), as a real deployment's is, not PUBLIC_URL. */
    publicUrlIsOwnAddress?: boolean;
    /** Extra environment for the frozen config (e.g. a low rate limit). */
    env?: Record<string, string>;
    /** Known bytes for claim tokens and CURP salts instead of node:crypto's. */
    randomBytes?: (n: number) => Uint8Array;
  } = {},
): Promise<TestService> {
  const dir = opts.dir ?? tempDir();
  const clock = opts.clock ?? testClock();
  const server = http.createServer();
  // Longer than clients' idle reuse, so a kept-alive socket is never closed under a request (ECONNRESET).
  server.keepAliveTimeout = 65_000;
  server.listen(0, '127.0.0.1');
  await new Promise<void>((r) => server.once('listening', r));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const config = testConfig(dir, { ...opts.env, ...(opts.publicUrlIsOwnAddress ? { AVALA_PUBLIC_URL: url } : {}) });
  const metrics = createMetrics({ defaultMetrics: false });
  const services = await compose(config, { clock, metrics, ...(opts.randomBytes ? { randomBytes: opts.randomBytes } : {}) }).catch((e: unknown) => {
    server.close();
    throw e;
  });
  const demo = opts.demo === false ? [] : ((await seedDemoIfEmpty(services, clock)) ?? []);
  const ops = serviceOps(services, { metrics, metricsToken: config.metricsToken });
  const app = createApp({ ...services, publicUrl: config.publicUrl, adminToken: config.adminToken, log: () => {}, ops });
  server.on('request', app);
  return testService({ url, dir, services, server, clock, demo, metrics, readiness: ops.readiness });
}

/** A listening server and the services behind it as a TestService: the demo staff keys, and a close that ends both. */
export function testService(parts: Omit<TestService, 'staffKey' | 'close'>): TestService {
  const { server, services, demo } = parts;
  return {
    ...parts,
    staffKey(body, roles) {
      const k = demo.find((d) => d.body === body && d.roles.join(',') === roles);
      if (!k) throw new TypeError(`no demo staff ${body}/${roles}`);
      return k.apiKey;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await services.close();
    },
  };
}

/** fetch with JSON in and out, returning status, headers and parsed body. */
export async function call(base: string, method: string, p: string, opts: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.raw !== undefined) body = opts.raw;
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${base}${p}`, { method, headers, body });
  const text = await res.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, headers: res.headers, json, text };
}

/** Runs the real `avala` CLI as a child process, a client of the service at `url` (nothing of its database is given). */
export async function runAvalaClient(url: string, args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  // Asynchronous: the service it talks to runs in this very process.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'test', AVALA_URL: url, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const status = await new Promise<number | null>((r) => child.once('close', r));
  return { status, stdout, stderr };
}

/** Runs the real `avala` CLI as a child process against a test service's database and keys (operator commands). */
export function runAvala(dir: string, args: string[]): SpawnSyncReturns<string> {
  const c = testConfig(dir);
  const env = { ...process.env, NODE_ENV: 'test', AVALA_DB: c.dbPath, AVALA_KEYS_DIR: c.keysDir, AVALA_MASTER_KEY: c.masterKey, AVALA_PUBLIC_URL: c.publicUrl };
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env, encoding: 'utf8' });
}
