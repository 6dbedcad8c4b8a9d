import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_COLUMNS } from '../../src/issuance/index.js';
import { startTestService, testConfig, type TestService } from '../helpers/harness.js';
import { actor, curpFor } from '../helpers/people.js';

let svc: TestService;

beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc.close();
});

interface Planted {
  line: number;
  code: string;
}

/** A CSV of `n` rows for cecati-42 with known bad rows planted at known lines. */
function makeCsv(n: number, prefix: string, plantBad: boolean): { csv: string; bad: Planted[]; competent: number } {
  const lines = [BATCH_COLUMNS.join(',')];
  const bad: Planted[] = [];
  let competent = 0;
  for (let i = 0; i < n; i += 1) {
    const line = i + 2; // the header is line 1
    const row: Record<string, string> = {
      external_id: `${prefix}-${i}`,
      candidate_name: `Persona ${i} "Prueba", de la Cruz`,
      curp: curpFor(i),
      email: i % 3 ? '' : `p${i}@example.mx`,
      standard_code: i % 2 ? 'EC0217' : 'EC0551',
      standard_version: '',
      centre: 'Centro Evaluador Poniente',
      evaluated_on: '2026-05-1' + (i % 9),
      result: i % 10 === 9 ? 'not-yet-competent' : 'competent',
      notes: '',
      renews_credential_id: '',
    };
    if (plantBad && i % 200 === 17) {
      const kind = (i / 200) | 0;
      const variants: Array<[string, () => void]> = [
        ['ERR_INVALID_CURP', () => (row.curp = `${row.curp!.slice(0, 17)}${(Number(row.curp![17]) + 1) % 10}`)],
        ['ERR_VALIDATION', () => (row.evaluated_on = '2026-13-45')],
        ['ERR_NOT_ACCREDITED', () => (row.standard_code = 'EC0038')],
        ['ERR_NOT_FOUND', () => (row.standard_code = 'EC9999')],
        ['ERR_VALIDATION', () => (row.candidate_name = '')],
      ];
      const [code, apply] = variants[kind % variants.length]!;
      apply();
      bad.push({ line, code });
    } else if (row.result === 'competent') competent += 1;
    lines.push(BATCH_COLUMNS.map((c) => csvField(row[c]!)).join(','));
  }
  return { csv: `${lines.join('\n')}\n`, bad, competent };
}

function csvField(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

describe('batches', () => {
  it('imports 10,000 rows with bad rows mixed in, certifies them, and issues nothing twice on a re-run', async () => {
    const { csv, bad, competent } = makeCsv(10_000, 'big', true);
    const evaluator = svc.staffKey('cecati-42', 'evaluator');
    const up = await fetch(`${svc.url}/batches?name=cohorte-2026`, { method: 'POST', headers: { authorization: `Bearer ${evaluator}`, 'content-type': 'text/csv' }, body: csv });
    const report = (await up.json()) as any;
    expect(up.status, JSON.stringify(report).slice(0, 500)).toBe(201);
    expect(report.batch.rowsTotal).toBe(10_000);
    expect(report.imported).toBe(10_000 - bad.length);
    expect(report.errors.map((e: any) => ({ line: e.line, code: e.code }))).toEqual(bad);

    const certifier = actor(svc, 'cecati-42', 'certifier');
    const first = await svc.services.batches.certify(certifier, report.batch.id);
    expect(first.issued).toBe(competent);
    expect(first.batch.rowsIssued).toBe(competent);

    // the same file again: nothing new imported, nothing issued twice
    const again = await fetch(`${svc.url}/batches?name=cohorte-2026`, { method: 'POST', headers: { authorization: `Bearer ${evaluator}`, 'content-type': 'text/csv' }, body: csv });
    const againReport = (await again.json()) as any;
    expect(againReport.imported).toBe(0);
    expect(againReport.alreadyImported).toBe(10_000 - bad.length);
    expect((await svc.services.batches.certify(certifier, report.batch.id)).issued).toBe(0);
    const counts = svc.services.db
      .prepare("SELECT count(*) AS n, count(DISTINCT evaluation_id) AS d FROM credentials c JOIN evaluations e ON e.id = c.evaluation_id WHERE e.batch_id = ?")
      .get(report.batch.id) as { n: number; d: number };
    expect(counts).toEqual({ n: competent, d: competent });
  }, 300_000);

  it('refuses a malformed file and a wrong header with a clear error', async () => {
    const evaluator = svc.staffKey('cecati-42', 'evaluator');
    const post = (body: string) => fetch(`${svc.url}/batches?name=x-${Math.random()}`, { method: 'POST', headers: { authorization: `Bearer ${evaluator}`, 'content-type': 'text/csv' }, body });
    const header = await post('id,name\n1,x\n');
    expect(header.status).toBe(422);
    expect(((await header.json()) as any).detail).toMatch(/missing: external_id/);
    const quotes = await post(`${BATCH_COLUMNS.join(',')}\n"unterminated,x\n`);
    expect(quotes.status).toBe(422);
    const json = await fetch(`${svc.url}/batches?name=y`, { method: 'POST', headers: { authorization: `Bearer ${evaluator}`, 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(415);
  });

  it('refuses to let the evaluator who imported a batch certify it', async () => {
    const { csv } = makeCsv(3, 'sod', false);
    const dual = svc.staffKey('cecati-42', 'evaluator,certifier');
    const up = (await (await fetch(`${svc.url}/batches?name=sod`, { method: 'POST', headers: { authorization: `Bearer ${dual}`, 'content-type': 'text/csv' }, body: csv })).json()) as any;
    const r = await fetch(`${svc.url}/batches/${up.batch.id}/certify`, { method: 'POST', headers: { authorization: `Bearer ${dual}` } });
    expect(r.status).toBe(403);
    expect(((await r.json()) as any).code).toBe('ERR_SEPARATION_OF_DUTIES');
  });
});

describe('a batch killed midway', () => {
  it('ends with each row issued exactly once after a SIGKILL and a re-run', async () => {
    const dir = svc.dir.replace(/\/?$/, '-kill');
    fs.mkdirSync(dir, { recursive: true });
    const other = await startTestService({ dir });
    try {
      const { csv, competent } = makeCsv(1500, 'kill', false);
      const file = path.join(dir, 'kill.csv');
      fs.writeFileSync(file, csv);
      await other.services.batches.importCsv(actor(other, 'cecati-42', 'evaluator'), fs.createReadStream(file), 'kill.csv');
      const certifierKey = other.staffKey('cecati-42', 'certifier');
      const count = () => other.services.db.prepare('SELECT count(*) FROM credentials').pluck().get() as number;
      // The service does the certifying (the CLI is its client): the service's process is the one killed.
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const serverEnv = { ...process.env, ...envOf(dir), PORT: String(port), AVALA_HOST: '127.0.0.1', AVALA_DEMO: 'false' };
      const startServer = async () => {
        const server = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], { env: serverEnv, stdio: 'ignore' });
        const deadline = Date.now() + 60_000;
        for (;;) {
          if (await fetch(`${url}/health`).then((r) => r.ok, () => false)) return server;
          if (Date.now() > deadline) throw new Error('the server did not start');
          await new Promise((r) => setTimeout(r, 100));
        }
      };
      const cli = (args: string[]) => spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env: { ...process.env, AVALA_URL: url, AVALA_API_KEY: certifierKey }, stdio: ['ignore', 'pipe', 'ignore'] });

      let server = await startServer();
      const child = cli(['batch', 'certify', 'kill.csv', '--quiet']);
      const deadline = Date.now() + 120_000;
      while (count() < 300 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      server.kill('SIGKILL');
      await new Promise((r) => server.once('exit', r));
      const killedCode = await new Promise((r) => child.once('exit', r));
      expect(killedCode).toBe(2); // the service went away under it: not reachable
      const atKill = count();
      expect(atKill).toBeGreaterThan(0);
      expect(atKill).toBeLessThan(competent);

      server = await startServer();
      try {
        const rerun = cli(['batch', 'certify', 'kill.csv', '--json']);
        let out = '';
        rerun.stdout!.on('data', (d) => (out += d));
        const code = await new Promise((r) => rerun.once('exit', r));
        expect(code).toBe(0);
        expect(JSON.parse(out).issued).toBe(competent - atKill);
      } finally {
        server.kill('SIGTERM');
        await new Promise((r) => server.once('exit', r));
      }

      const db = other.services.db;
      expect(db.prepare('SELECT count(*) AS n, count(DISTINCT evaluation_id) AS d FROM credentials').get()).toEqual({ n: competent, d: competent });
      // every credential holds two status slots of its own, and no slot serves two credentials
      const slots = db.prepare('SELECT count(*) AS n, count(DISTINCT credential_id) AS c FROM status_entries WHERE credential_id IS NOT NULL').get() as { n: number; c: number };
      expect(slots).toEqual({ n: 2 * competent, c: competent });
      // the audit log shows each credential once (it commits with them), and its chain is whole
      expect(db.prepare("SELECT count(*) AS n, count(DISTINCT subject) AS d FROM audit_log WHERE action = 'credential.issued'").get()).toEqual({ n: competent, d: competent });
      expect((await other.services.audit.verify()).ok).toBe(true);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      await other.close();
    }
  }, 300_000);
});

/** A port nobody listens on now (the child server takes it a moment later). */
async function freePort(): Promise<number> {
  const srv = net.createServer().listen(0, '127.0.0.1');
  await new Promise((r) => srv.once('listening', r));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}

function envOf(dir: string): Record<string, string> {
  const c = testConfig(dir);
  return { NODE_ENV: 'test', AVALA_DB: c.dbPath, AVALA_KEYS_DIR: c.keysDir, AVALA_MASTER_KEY: c.masterKey, AVALA_ADMIN_TOKEN: c.adminToken, AVALA_PUBLIC_URL: c.publicUrl };
}
