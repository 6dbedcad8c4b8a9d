import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AuditService } from '../../src/audit/index.js';
import { systemClock } from '../../src/clock.js';
import { sqliteAuditRepository } from '../../src/storage/audit-repository.js';
import { openDatabase } from '../../src/storage/database.js';

const WORKER = fileURLToPath(new URL('./fixtures/append-worker.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Worker {
  ready: Promise<void>;
  done: Promise<{ label: string; startedAt: number; endedAt: number }>;
}

function startWorker(file: string, go: string, label: string, count: number): Worker {
  // --no-install: tsx is a project dependency; never let npx reach for the network.
  const child = spawn('npx', ['--no-install', 'tsx', WORKER, file, go, label, String(count)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((r) => (markReady = r));
  child.stdout.on('data', (b: Buffer) => {
    out += b.toString();
    if (out.includes('ready\n')) markReady();
  });
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  const done = new Promise<{ label: string; startedAt: number; endedAt: number }>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`worker ${label} exited ${code}: ${err}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1)!));
    });
  });
  return { ready: Promise.race([ready, done.then(() => undefined)]), done };
}

describe('audit log shared by several processes', () => {
  it('produces one valid chain, with no duplicate or missing seq, when processes append at once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'avala-audit-procs-'));
    const file = path.join(dir, 'avala.db');
    const go = path.join(dir, 'go');
    openDatabase(file).close(); // migrate once, up front
    const labels = ['p1', 'p2', 'p3', 'p4'];
    const perWorker = 60;
    const workers = labels.map((l) => startWorker(file, go, l, perWorker));
    await Promise.all(workers.map((w) => w.ready));
    fs.writeFileSync(go, '');
    const runs = await Promise.all(workers.map((w) => w.done));

    // The test only means something if the workers really overlapped.
    expect(Math.max(...runs.map((r) => r.startedAt))).toBeLessThan(Math.min(...runs.map((r) => r.endedAt)));

    const db = openDatabase(file);
    try {
      const audit = new AuditService({ repo: sqliteAuditRepository(db), clock: systemClock });
      expect(await audit.verify()).toMatchObject({ ok: true, count: labels.length * perWorker });
      const seqs = db.prepare('SELECT seq FROM audit_log ORDER BY seq').pluck().all() as number[];
      expect(seqs).toEqual(Array.from({ length: labels.length * perWorker }, (_, i) => i + 1));
      for (const l of labels) {
        const subjects = db.prepare('SELECT subject FROM audit_log WHERE actor = ? ORDER BY seq').pluck().all(l) as string[];
        // Every append of every process is there, once, in the order that process made them.
        expect(subjects).toEqual(Array.from({ length: perWorker }, (_, i) => `${l}-${i}`));
      }
    } finally {
      db.close();
    }
  }, 60_000);
});
