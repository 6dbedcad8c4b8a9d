import { afterAll, beforeAll, expect, it } from 'vitest';
import type { IssuedCredential } from '../../src/issuance/index.js';
import { encodeQrPayload } from '../../src/qr/index.js';
import { avalaQrDecoder, type Verifier } from '../../src/verification/index.js';
import { startWorld, type World } from './helpers.js';

let w: World;
let c: IssuedCredential;
let v: Verifier;

beforeAll(async () => {
  w = await startWorld('2026-06-01T12:00:00.000Z');
  c = await w.issue('cecati-42');
  // The server's arrangement: the trust registry verified once and kept, status lists read in-process each time.
  const trust = await w.trust();
  v = w.verifier({ trust: () => trust, decodeQr: avalaQrDecoder });
});
afterAll(async () => {
  await w.close();
});

/** Median and 95th percentile of `runs` full verifications (all nine checks), after a warm-up. */
async function measure(input: unknown, runs = 40): Promise<{ median: number; p95: number }> {
  for (let i = 0; i < 5; i++) await v.verify(input);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = await v.verify(input);
    times.push(performance.now() - t);
    expect(r.verified).toBe(true);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(runs / 2)]!, p95: times[Math.floor(runs * 0.95)]! };
}

it('verifies each form well within a person\'s patience', async () => {
  const results = {
    'data-integrity': await measure(c.dataIntegrity),
    'vc-jwt': await measure(c.jwt),
    qr: await measure(encodeQrPayload(c.jwt!)),
  };
  // Printed for the issue note; the bound only catches an order-of-magnitude regression on a slow CI machine.
  console.log(`verification time per credential (ms): ${JSON.stringify(results, (_k, x) => (typeof x === 'number' ? Math.round(x * 10) / 10 : x))}`);
  for (const r of Object.values(results)) expect(r.median).toBeLessThan(500);
});
