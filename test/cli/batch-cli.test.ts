import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_COLUMNS } from '../../src/issuance/index.js';
import { call, runAvala, runAvalaClient, startTestService, type TestService } from '../helpers/harness.js';
import { curpFor } from '../helpers/people.js';

let svc: TestService;

beforeAll(async () => {
  // Not on 3000, and with no AVALA_PUBLIC_URL given to the CLI: the server's own address is the only one to use.
  svc = await startTestService({ publicUrlIsOwnAddress: true });
});
afterAll(async () => {
  await svc.close();
});

function csvFile(name: string, rows: string[][]): string {
  const file = path.join(svc.dir, name);
  fs.writeFileSync(file, `${[BATCH_COLUMNS.join(','), ...rows.map((r) => r.join(','))].join('\n')}\n`);
  return file;
}

const row = (id: string, name: string, curp: number, standard = 'EC0217') => [id, name, curpFor(curp), '', standard, '', 'Centro Sur', '2026-05-12', 'competent', '', ''];

describe('avala batch, a client of the running service', () => {
  it('a CLI batch certified against a server on another port verifies on that server', async () => {
    expect(new URL(svc.url).port).not.toBe('3000');
    const file = csvFile('port.csv', [row('port-1', 'Elena Soto', 501), row('port-2', 'Raúl Vega', 502), row('port-3', 'Inés Mora', 503)]);
    const imported = await runAvalaClient(svc.url, ['batch', 'import', file, '--key', svc.staffKey('cecati-42', 'evaluator'), '--json']);
    expect(imported.status, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ imported: 3, alreadyImported: 0, errors: [], batch: { state: 'imported', rowsTotal: 3, rowsBad: 0 } });
    // AVALA_API_KEY, as the README shows, and the batch named by its file name
    const linksFile = path.join(svc.dir, 'port-links.csv');
    const certified = await runAvalaClient(svc.url, ['batch', 'certify', 'port.csv', '--json', '--links', linksFile], { AVALA_API_KEY: svc.staffKey('cecati-42', 'certifier') });
    expect(certified.status, certified.stderr).toBe(0);
    const report = JSON.parse(certified.stdout);
    expect(report).toMatchObject({ issued: 3, refused: [], batch: { state: 'done', rowsIssued: 3 } });
    // Every worker's claim link, to hand out or mail: the CSV the certifier asked for, readable by them only.
    const links = fs.readFileSync(linksFile, 'utf8').trimEnd().split('\r\n').map((l) => l.split(','));
    expect(links[0]).toEqual(['external_id', 'name', 'credential_id', 'claim_url']);
    expect(links.slice(1).map((l) => [l[0], l[1]]).sort()).toEqual([['port-1', 'Elena Soto'], ['port-2', 'Raúl Vega'], ['port-3', 'Inés Mora']]);
    expect(fs.statSync(linksFile).mode & 0o077).toBe(0);
    for (const [, , credentialId, claimUrl] of links.slice(1)) {
      const claimed = await fetch(claimUrl!, { headers: { accept: 'application/json' } });
      expect({ status: claimed.status, id: ((await claimed.json()) as { id: string }).id }).toEqual({ status: 200, id: credentialId });
    }
    expect(report.claimLinks.map((l: { claimUrl: string }) => l.claimUrl).sort()).toEqual(links.slice(1).map((l) => l[3]).sort());
    // The file imported, path and all, names its batch too (the README's `avala batch certify cohort.csv`)
    const again = await runAvalaClient(svc.url, ['batch', 'certify', file, '--json'], { AVALA_API_KEY: svc.staffKey('cecati-42', 'certifier') });
    expect(again.status, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ issued: 0, refused: [], claimLinks: [], batch: { id: report.batch.id, rowsIssued: 3 } });

    const ids = svc.services.db
      .prepare('SELECT c.id FROM credentials c JOIN evaluations e ON e.id = c.evaluation_id WHERE e.batch_id = ? ORDER BY c.id')
      .pluck()
      .all(report.batch.id) as string[];
    expect(ids).toHaveLength(3);
    for (const id of ids) {
      const c = (await call(svc.url, 'GET', `/credentials/${encodeURIComponent(id)}`, { token: svc.staffKey('cecati-42', 'certifier') })).json;
      const vc = c.verifiableCredential;
      const statusUrls = (vc.credentialStatus as Array<{ statusListCredential: string }>).map((s) => s.statusListCredential);
      expect(statusUrls.every((u) => u.startsWith(`${svc.url}/status/`)), statusUrls.join(' ')).toBe(true);
      expect(vc.credentialSubject.achievement.id).toMatch(new RegExp(`^${svc.url}/standards/EC0217/`));
      for (const input of [{ verifiableCredential: vc }, { jwt: c.jwt }]) {
        const v = await call(svc.url, 'POST', '/verify', { body: input });
        expect(v.status, JSON.stringify(v.json).slice(0, 600)).toBe(200);
        expect(v.json.verified).toBe(true);
      }
    }
  }, 180_000);

  it('exits non-zero when rows were rejected or in conflict, says how many, and downloads the report as CSV', async () => {
    const key = svc.staffKey('cecati-42', 'evaluator');
    const file = csvFile('conflict.csv', [row('cf-1', 'Ana Rey', 511), row('cf-1', 'Otra Persona', 512), row('cf-2', '=1+1', 513, 'EC9999')]);
    const r = await runAvalaClient(svc.url, ['batch', 'import', file, '--key', key]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/3 rows, 1 imported, 0 already imported, 2 rejected or in conflict/);
    expect(r.stdout).toMatch(/line 3 \(cf-1\): ERR_EXTERNAL_ID_CONFLICT/);
    expect(r.stderr).toMatch(/2 rows were rejected or in conflict/);
    const csv = await runAvalaClient(svc.url, ['batch', 'errors', 'conflict.csv', '--csv', '--key', key]);
    expect(csv.status, csv.stderr).toBe(0);
    expect(csv.stdout.split('\r\n').map((l) => l.split(',').slice(0, 3).join(','))).toEqual(['line,external_id,code', '3,cf-1,ERR_EXTERNAL_ID_CONFLICT', '4,cf-2,ERR_NOT_FOUND', '']);
  }, 120_000);

  it('records one evaluation and certifies it: the credential id and the claim link', async () => {
    const rec = await runAvalaClient(svc.url, [
      'evaluation', 'record', '--key', svc.staffKey('cecati-42', 'evaluator'), '--json',
      '--name', 'Julia Campos', '--curp', curpFor(521), '--standard', 'EC0217', '--centre', 'Centro Sur', '--evaluated-on', '2026-05-20', '--result', 'competent',
    ]);
    expect(rec.status, rec.stderr).toBe(0);
    const evaluation = JSON.parse(rec.stdout);
    expect(evaluation).toMatchObject({ candidate: { name: 'Julia Campos', curp: curpFor(521) }, result: 'competent' });
    const cert = await runAvalaClient(svc.url, ['certify', evaluation.id, '--key', svc.staffKey('cecati-42', 'certifier')]);
    expect(cert.status, cert.stderr).toBe(0);
    const [, id] = /^credential (urn:uuid:\S+)$/m.exec(cert.stdout) ?? [];
    expect(id).toBeDefined();
    expect(cert.stdout).toMatch(new RegExp(`^claim link ${svc.url}/\\S+$`, 'm'));
    expect(svc.services.db.prepare('SELECT evaluation_id FROM credentials WHERE id = ?').pluck().get(id)).toBe(evaluation.id);
  }, 120_000);

  it("prints the server's problem code and message, and says when the service is not reachable", async () => {
    const refused = await runAvalaClient(svc.url, ['batch', 'certify', 'conflict.csv', '--key', svc.staffKey('cecati-42', 'evaluator')]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^avala: This needs the role certifier; you have evaluator \(ERR_FORBIDDEN\)\n$/);
    const down = await runAvalaClient('http://127.0.0.1:9', ['batch', 'show', 'x', '--key', 'avk_x']);
    expect(down.status).toBe(2);
    expect(down.stderr).toMatch(/The Avala service is not reachable at http:\/\/127\.0\.0\.1:9/);
  }, 60_000);
});

describe('operator commands open the database only with its public URL', () => {
  it('refuses audit verify and export given another public URL than the database was created with', () => {
    // runAvala gives the CLI the test config's PUBLIC_URL; this database was created for the server's own address.
    for (const args of [['audit', 'verify'], ['export', '--out', path.join(svc.dir, 'export')]]) {
      const r = runAvala(svc.dir, args);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`This database was created for the public URL ${svc.url}, but this command was given https://avala.test`);
      expect(r.stderr).toContain('ERR_PUBLIC_URL_MISMATCH');
    }
    const ok = runAvala(svc.dir, ['--public-url', svc.url, 'audit', 'verify']);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/audit log intact/);
  }, 120_000);
});
