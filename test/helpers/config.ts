import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config.js';

// Apart from harness.ts so benchmarks and storage-level tests can use them without loading the web server.

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const PUBLIC_URL = 'https://avala.test';

/** A clock tests can move: starts at a fixed instant. */
export function testClock(start = '2026-06-01T12:00:00.000Z') {
  let t = Date.parse(start);
  const clock = () => new Date(t);
  return Object.assign(clock, {
    set: (iso: string) => void (t = Date.parse(iso)),
    advance: (ms: number) => void (t += ms),
  });
}

export function tempDir(prefix = 'avala-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function testConfig(dir: string, extra: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    AVALA_DB: path.join(dir, 'avala.db'),
    AVALA_KEYS_DIR: path.join(dir, 'keys'),
    AVALA_MASTER_KEY: 'test-master-key-not-secret',
    AVALA_ADMIN_TOKEN: ADMIN_TOKEN,
    AVALA_PUBLIC_URL: PUBLIC_URL,
    PORT: '0',
    // Test clocks stand still, so every write of a test file falls in one rate-limit minute: lifted here, and set
    // small by the tests of the limit itself.
    AVALA_RATE_WRITE_PER_MINUTE: '1000000',
    ...extra,
  });
}
