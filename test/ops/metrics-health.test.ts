import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, requestLog } from '../../src/ops/index.js';
import { runWithRequestId } from '../../src/request-context.js';
import { call, startTestService, type TestService } from '../helpers/harness.js';
import { curpFor } from '../helpers/people.js';
import { expectProblem } from '../helpers/expect.js';

const evaluation = (i: number) => ({
  candidate: { name: `Candidata ${i}`, curp: curpFor(i) },
  standard: { code: 'EC0217' },
  centre: 'Centro Evaluador Norte',
  evaluatedOn: '2026-05-20',
  result: 'competent',
});

/** The value of one sample line of a Prometheus text exposition, or 0 when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('health, readiness and metrics', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService();
  });
  afterAll(async () => {
    await svc.close();
  });

  it('answers /healthz and /readyz with every probe passing', async () => {
    const alive = await call(svc.url, 'GET', '/healthz');
    expect(alive.status).toBe(200);
    expect(alive.json).toEqual({ status: 'alive' });
    const ready = await call(svc.url, 'GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.json).toEqual({
      status: 'ready',
      checks: [
        { name: 'database', ok: true },
        { name: 'migrations', ok: true },
        { name: 'authority-key', ok: true },
      ],
    });
  });

  it('counts requests by route pattern, credentials by form and verifications by verdict', async () => {
    const before = (await call(svc.url, 'GET', '/metrics')).text;
    const e = await call(svc.url, 'POST', '/evaluations', { token: svc.staffKey('cecati-42', 'evaluator'), body: evaluation(1) });
    expect(e.status).toBe(201);
    const c = await call(svc.url, 'POST', `/evaluations/${e.json.id}/certify`, { token: svc.staffKey('cecati-42', 'certifier') });
    expect(c.status).toBe(201);
    expect((await call(svc.url, 'POST', '/verify', { body: { jwt: c.json.jwt } })).status).toBe(200);
    const tampered = `${c.json.jwt.slice(0, -4)}AAAA`;
    expect((await call(svc.url, 'POST', '/verify', { body: { jwt: tampered } })).status).toBe(400);
    await call(svc.url, 'GET', `/no/such/${e.json.id}`);

    const scrape = await call(svc.url, 'GET', '/metrics');
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const after = scrape.text;
    const delta = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
    expect(delta('avala_http_requests_total', { route: '/evaluations/:id/certify', method: 'POST', status: '201' })).toBe(1);
    expect(delta('avala_http_requests_total', { route: '/verify', method: 'POST', status: '400' })).toBe(1);
    expect(delta('avala_http_requests_total', { route: 'unmatched', method: 'GET', status: '404' })).toBe(1);
    // The raw URL (with its id) never becomes a label.
    expect(after).not.toContain(e.json.id);
    expect(delta('avala_credentials_issued_total', { form: 'jwt' })).toBe(1);
    expect(delta('avala_credentials_issued_total', { form: 'di' })).toBe(1);
    // A certificate is signed in its three forms at once: Data Integrity, VC-JWT and the QR's CWT (format 2).
    expect(delta('avala_credentials_issued_total', { form: 'cwt' })).toBe(1);
    expect(delta('avala_issuance_signing_duration_seconds_count', { form: 'cwt+di+jwt' })).toBe(1);
    expect(delta('avala_verifications_total', { verdict: 'verified' })).toBe(1);
    expect(delta('avala_verifications_total', { verdict: 'failed' })).toBe(1);
    expect(delta('avala_verification_duration_seconds_count', { verdict: 'verified' })).toBe(1);
    expect(after).toMatch(/^avala_status_list_resign_total \d+$/m);
  });

  it("shows the outbox's backlog: a certificate with an e-mail address waits as pending until the sender delivers it", async () => {
    const before = (await call(svc.url, 'GET', '/metrics')).text;
    const e = await call(svc.url, 'POST', '/evaluations', { token: svc.staffKey('cecati-42', 'evaluator'), body: { ...evaluation(2), candidate: { ...evaluation(2).candidate, email: 'candidata2@correo.example' } } });
    expect((await call(svc.url, 'POST', `/evaluations/${e.json.id}/certify`, { token: svc.staffKey('cecati-42', 'certifier') })).status).toBe(201);
    const pending = (await call(svc.url, 'GET', '/metrics')).text;
    expect(sample(pending, 'avala_outbox_messages', { state: 'pending' }) - sample(before, 'avala_outbox_messages', { state: 'pending' })).toBe(1);
    await svc.services.outbox.drain();
    const sent = (await call(svc.url, 'GET', '/metrics')).text;
    expect(sample(sent, 'avala_outbox_messages', { state: 'pending' })).toBe(0);
    expect(sample(sent, 'avala_outbox_messages', { state: 'sent' }) - sample(before, 'avala_outbox_messages', { state: 'sent' })).toBe(1);
  });

  it('fails readiness, naming the probe, when the authority key cannot be opened, and when draining', async () => {
    // The keystore keeps opened keys in memory, so the file goes missing between two starts of one database.
    const first = await startTestService();
    const authority = await first.services.registry.currentKey('authority');
    await first.close();
    fs.rmSync(path.join(first.services.config.keysDir, `${authority.keystoreId}.key.json`));
    const other = await startTestService({ dir: first.dir });
    try {
      const r = await call(other.url, 'GET', '/readyz');
      expectProblem(r, 503, 'ERR_UNAVAILABLE');
      expect(r.headers.get('retry-after')).toBe('30');
      expect(r.json.checks.find((c: { name: string }) => c.name === 'authority-key').ok).toBe(false);
      expect(r.json.checks.find((c: { name: string }) => c.name === 'database').ok).toBe(true);
      // Liveness is not readiness: the process still answers.
      expect((await call(other.url, 'GET', '/healthz')).status).toBe(200);
    } finally {
      await other.close();
    }
    svc.readiness.startDraining();
    const draining = await call(svc.url, 'GET', '/readyz');
    expectProblem(draining, 503, 'ERR_UNAVAILABLE');
    expect(draining.json.draining).toBe(true);
    expect(draining.json.detail).toMatch(/draining/);
  });
});

describe('/metrics behind a token', () => {
  it('answers only the bearer of AVALA_METRICS_TOKEN once one is set, even from loopback', async () => {
    const token = 'metrics-token-0123456789';
    const svc = await startTestService({ env: { AVALA_METRICS_TOKEN: token } });
    try {
      expectProblem(await call(svc.url, 'GET', '/metrics'), 404, 'ERR_NOT_FOUND');
      expectProblem(await call(svc.url, 'GET', '/metrics', { token: 'metrics-token-wrong-value' }), 404, 'ERR_NOT_FOUND');
      const ok = await call(svc.url, 'GET', '/metrics', { token });
      expect(ok.status).toBe(200);
      expect(ok.text).toContain('avala_http_requests_total');
    } finally {
      await svc.close();
    }
  });
});

describe('the JSON log', () => {
  function capture() {
    const lines: Record<string, unknown>[] = [];
    const raw: string[] = [];
    const destination = new Writable({
      write(chunk, _enc, cb) {
        for (const l of String(chunk).split('\n').filter(Boolean)) {
          raw.push(l);
          lines.push(JSON.parse(l) as Record<string, unknown>);
        }
        cb();
      },
    });
    return { lines, raw, logger: createLogger({ level: 'info', destination }) };
  }

  it('never writes keys, CURPs, claim tokens or Authorization headers, wherever a caller puts them', () => {
    const { raw, logger } = capture();
    const curp = curpFor(7);
    logger.info({ headers: { authorization: 'Bearer avk_secret' }, curp, candidate: { curp, name: 'Ana' }, apiKey: 'avk_secret2', body: { client_secret: 's3cret', privateKeyJwk: { d: 'private-d' } } }, 'an event');
    const text = raw.join('\n');
    for (const secret of ['avk_secret', curp, 's3cret', 'private-d']) expect(text).not.toContain(secret);
    expect(text).toContain('Ana');
    expect(text).toContain('[redacted]');
  });

  it('logs each request with its request id, route and a masked path, never its headers', async () => {
    const { lines, raw, logger } = capture();
    const app = express();
    app.use((_req, res, next) => {
      res.locals.requestId = 'req-123';
      runWithRequestId('req-123', next);
    });
    app.use(requestLog(logger));
    app.get('/claim/:token', (_req, res) => void res.json({ ok: true }));
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((r) => server.once('listening', r));
    try {
      const port = (server.address() as { port: number }).port;
      const claimToken = 'ct_abcdefghijklmnopqrstuvwx';
      const r = await fetch(`http://127.0.0.1:${port}/claim/${claimToken}?curp=${curpFor(3)}`, { headers: { authorization: 'Bearer avk_topsecret', cookie: 'sid=abc' } });
      expect(r.status).toBe(200);
      await new Promise((r) => setTimeout(r, 50));
      const text = raw.join('\n');
      for (const secret of [claimToken, 'avk_topsecret', 'sid=abc', curpFor(3)]) expect(text).not.toContain(secret);
      const line = lines.find((l) => (l.req as { id?: string } | undefined)?.id === 'req-123');
      expect(line).toMatchObject({ level: 'info', service: 'avala', req: { id: 'req-123', method: 'GET', path: '/claim/[redacted]' }, res: { statusCode: 200, route: '/claim/:token' } });
    } finally {
      server.close();
    }
  });
});
