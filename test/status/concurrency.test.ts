import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { insertBody, openTestDb } from './fixtures.js';

const WORKER = fileURLToPath(new URL('./workers/reserve-worker.ts', import.meta.url));
const ROOT = path.resolve(path.dirname(WORKER), '../../..');

function runWorker(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker exited ${code}: ${stderr}`))));
  });
}

describe('allocation under concurrency', () => {
  it('gives two processes sharing one database file 10,000 distinct indexes', { timeout: 180_000 }, async () => {
    const { db, dir, file } = openTestDb();
    const body = insertBody(db, 'unam');
    db.close();
    const start = String(Date.now() + 2_000);
    const outs = [path.join(dir, 'a.json'), path.join(dir, 'b.json')];
    // One credential per call: the most transactions, so the most interleaving between the two writers.
    await Promise.all(outs.map((out) => runWorker([file, body, '5000', '1', start, out])));
    const [ra, rb] = outs.map((o) => JSON.parse(fs.readFileSync(o, 'utf8')) as { slots: string[]; began: number; ended: number });
    // The two really ran at the same time.
    expect(ra!.began < rb!.ended && rb!.began < ra!.ended).toBe(true);
    const [a, b] = [ra!.slots, rb!.slots];
    expect(a).toHaveLength(10_000); // 5,000 credentials × (revocation + suspension)
    expect(b).toHaveLength(10_000);
    const revocation = [...a!, ...b!].filter((_, i) => i % 2 === 0);
    expect(new Set(revocation).size).toBe(10_000);
    expect(new Set([...a!, ...b!]).size).toBe(20_000);
    // The two processes shared one list per purpose (the first to arrive opened it).
    expect(new Set(revocation.map((s) => s.split('#')[0])).size).toBe(1);
  });
});
