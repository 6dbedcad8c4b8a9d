/**
 * `avala backup FILE` while the service certifies a batch: the copy is one consistent snapshot that holds every
 * credential acknowledged before it began, its audit chain verifies, and the live database never stops.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_COLUMNS } from '../../src/issuance/index.js';
import { startTestService, type TestService } from '../helpers/harness.js';
import { curpFor } from '../helpers/people.js';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
}, 60_000);
afterAll(() => svc?.close());

function avala(args: string[], extra: Record<string, string> = {}) {
  const c = svc.services.config;
  const env = { ...process.env, NODE_ENV: 'test', AVALA_DB: c.dbPath, AVALA_KEYS_DIR: c.keysDir, AVALA_MASTER_KEY: c.masterKey, AVALA_PUBLIC_URL: c.publicUrl, ...extra };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d));
  child.stderr.on('data', (d: Buffer) => (err += d));
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) => child.once('exit', (code) => resolve({ code, out, err })));
}

function csv(n: number): string {
  const rows = [BATCH_COLUMNS.join(',')];
  for (let i = 0; i < n; i++) {
    const row: Record<string, string> = {
      external_id: `respaldo-${i}`,
      candidate_name: `Persona ${i}`,
      curp: curpFor(20_000 + i),
      email: '',
      standard_code: 'EC0217',
      standard_version: '',
      centre: 'Centro',
      evaluated_on: '2026-05-18',
      result: 'competent',
      notes: '',
      renews_credential_id: '',
    };
    rows.push(BATCH_COLUMNS.map((c) => row[c] ?? '').join(','));
  }
  return `${rows.join('\n')}\n`;
}

describe('avala backup', () => {
  it('copies the database during a running batch: every acknowledged credential, an intact audit chain', async () => {
    const upload = await fetch(`${svc.url}/batches?name=respaldo`, { method: 'POST', headers: { authorization: `Bearer ${svc.staffKey('cecati-42', 'evaluator')}`, 'content-type': 'text/csv' }, body: csv(1200) });
    expect(upload.status).toBe(201);
    const batchId = ((await upload.json()) as { batch: { id: string } }).batch.id;
    const live = new Database(svc.services.config.dbPath, { readonly: true });
    try {
      const certify = fetch(`${svc.url}/batches/${batchId}/certify`, { method: 'POST', headers: { authorization: `Bearer ${svc.staffKey('cecati-42', 'certifier')}`, 'content-type': 'application/json' }, body: '{}' });
      // Back up once the batch is under way.
      const count = () => live.prepare("SELECT count(*) FROM credentials WHERE kind = 'competency'").pluck().get() as number;
      while (count() < 100) await new Promise((r) => setTimeout(r, 20));
      const acknowledged = live.prepare('SELECT id FROM credentials').pluck().all() as string[];
      const file = path.join(svc.dir, 'respaldos', 'avala-backup.db');
      const backup = await avala(['backup', file]);
      expect(backup.err).toBe('');
      expect(backup.code).toBe(0);
      expect(backup.out).toMatch(/integrity ok/);
      const done = await certify;
      expect(done.status).toBe(200);
      expect(((await done.json()) as { issued: number }).issued).toBe(1200);

      const copy = new Database(file, { readonly: true });
      try {
        const inCopy = new Set(copy.prepare('SELECT id FROM credentials').pluck().all() as string[]);
        expect(acknowledged.filter((id) => !inCopy.has(id))).toEqual([]);
        // A snapshot taken mid-batch: not the finished batch.
        expect(inCopy.size).toBeLessThan(count());
        expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      } finally {
        copy.close();
      }
      // Restored (the service pointed at the copy): the audit chain verifies.
      const verify = await avala(['audit', 'verify'], { AVALA_DB: file });
      expect(verify.err).toBe('');
      expect(verify.code).toBe(0);
      expect(fs.readdirSync(path.dirname(file)).filter((f) => f.includes('.part-'))).toEqual([]);
    } finally {
      live.close();
    }
  }, 180_000);

  it('refuses to write over the live database or an existing backup', async () => {
    const overLive = await avala(['backup', svc.services.config.dbPath]);
    expect(overLive.code).toBe(1);
    expect(overLive.err).toMatch(/live database itself/);
    const file = path.join(svc.dir, 'once.db');
    expect((await avala(['backup', file])).code).toBe(0);
    const again = await avala(['backup', file]);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/exists/);
    expect((await avala(['backup', file, '--force'])).code).toBe(0);
  }, 120_000);
});
