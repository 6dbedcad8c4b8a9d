import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, call, startTestService, runAvala, type TestService } from '../helpers/harness.js';
import { curpFor } from '../helpers/people.js';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc.close();
});

const avala = (args: string[]) => runAvala(svc.dir, args);

describe('audit log over the running service', () => {
  it('records registry changes, issuance and refused requests with their request id', async () => {
    const evaluator = svc.staffKey('cecati-42', 'evaluator');
    const certifier = svc.staffKey('cecati-42', 'certifier');
    const e = await call(svc.url, 'POST', '/evaluations', {
      token: evaluator,
      body: { candidate: { name: 'Fulano de Tal', curp: curpFor(11) }, standard: { code: 'EC0217' }, centre: 'C', evaluatedOn: '2026-05-02', result: 'competent' },
      headers: { 'x-request-id': 'req-eval-1' },
    });
    const c = await call(svc.url, 'POST', `/evaluations/${e.json.id}/certify`, { token: certifier, headers: { 'x-request-id': 'req-cert-1' } });
    expect(c.status).toBe(201);
    const denied = await call(svc.url, 'POST', `/evaluations/${e.json.id}/certify`, { token: svc.staffKey('cecati-42', 'admin'), headers: { 'x-request-id': 'req-denied-1' } });
    expect(denied.status).toBe(403);
    await call(svc.url, 'POST', '/admin/committees', { token: 'not-the-admin-token-at-all', body: { name: 'x', sector: 'y' }, headers: { 'x-request-id': 'req-denied-2' } });
    await call(svc.url, 'POST', '/admin/committees', { token: ADMIN_TOKEN, body: { name: 'Comité Auditado', sector: 'Minería' }, headers: { 'x-request-id': 'req-admin-1' } });

    const entries = await svc.services.audit.list({ limit: 1000 });
    const byRequest = (id: string) => entries.filter((x) => x.requestId === id).map((x) => [x.action, x.outcome]);
    expect(byRequest('req-eval-1')).toEqual([['evaluation.recorded', 'ok']]);
    expect(byRequest('req-cert-1')).toEqual([['credential.issued', 'ok']]);
    expect(byRequest('req-denied-1')).toEqual([['auth.denied', 'denied']]);
    expect(byRequest('req-denied-2')).toEqual([['auth.denied', 'denied']]);
    expect(byRequest('req-admin-1')).toEqual([['committee.created', 'ok']]);
    expect(entries.find((x) => x.requestId === 'req-denied-1')!.details).toEqual({ code: 'ERR_FORBIDDEN' });
  });

  it('`avala audit verify` passes on an intact log and names an edited entry', async () => {
    const ok = avala(['audit', 'verify']);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/audit log intact: \d+ entries/);
    const db = svc.services.db;
    const victim = db.prepare("SELECT seq FROM audit_log WHERE action = 'credential.issued' LIMIT 1").pluck().get() as number;
    // An attacker with the file drops the append-only triggers and edits a row.
    for (const t of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'").pluck().all() as string[]) db.exec(`DROP TRIGGER ${t}`);
    db.prepare("UPDATE audit_log SET actor = 'someone-else' WHERE seq = ?").run(victim);
    const broken = avala(['audit', 'verify', '--json']);
    expect(broken.status).toBe(1);
    expect(JSON.parse(broken.stdout)).toMatchObject({ ok: false, firstBroken: victim, reason: 'HASH_MISMATCH' });
  });
});

describe('public statistics', () => {
  it('counts certificates per standard, body and month, and lists uncertified standards', async () => {
    const r = await call(svc.url, 'GET', '/statistics');
    expect(r.status).toBe(200);
    expect(r.json.total).toBeGreaterThanOrEqual(1);
    expect(r.json.byStandard.find((x: any) => x.code === 'EC0217').count).toBeGreaterThanOrEqual(1);
    expect(r.json.uncertifiedStandards.map((x: any) => x.code)).toContain('EC0043');
  });
});
