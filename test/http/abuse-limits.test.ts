import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { IDEMPOTENT_ROUTES, WRITE_ROUTES } from '../../src/http/app.js';
import { requestHash } from '../../src/http/idempotency.js';
import { ADMIN_TOKEN, call, startTestService, type TestService } from '../helpers/harness.js';
import { curpFor } from '../helpers/people.js';
import { expectProblem } from '../helpers/expect.js';

const evaluation = (i: number, over: Record<string, unknown> = {}) => ({
  candidate: { name: `Candidata ${i}`, curp: curpFor(i) },
  standard: { code: 'EC0217' },
  centre: 'Centro Evaluador Norte',
  evaluatedOn: '2026-05-20',
  result: 'competent',
  ...over,
});

const evaluationsOf = (svc: TestService, curp: string) => svc.services.db.prepare('SELECT count(*) FROM evaluations WHERE candidate_curp = ?').pluck().get(curp) as number;

describe('the write rate limit, per API key', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService({ env: { AVALA_RATE_WRITE_PER_MINUTE: '10' } });
  });
  afterAll(async () => {
    await svc.close();
  });

  it('300 evaluations from one key in a burst are limited with 429 and Retry-After', async () => {
    const key = svc.staffKey('cecati-42', 'evaluator');
    const statuses: number[] = [];
    let refused: Awaited<ReturnType<typeof call>> | undefined;
    // The limit is 10 a minute here (AVALA_RATE_WRITE_PER_MINUTE), so a dozen requests show what 300 would.
    for (let i = 0; i < 12; i++) {
      const r = await call(svc.url, 'POST', '/evaluations', { token: key, body: evaluation(1000 + i) });
      statuses.push(r.status);
      if (r.status === 429) refused = r;
    }
    expect(statuses).toEqual([...Array(10).fill(201), 429, 429]);
    expectProblem(refused!, 429, 'ERR_RATE_LIMITED');
    // The test clock stands at the start of a minute: the whole window is left to wait.
    expect(refused!.headers.get('retry-after')).toBe('60');
    expect(refused!.json.details).toEqual({ retryAfterSeconds: 60 });
    // Nothing was stored for the refused requests.
    expect(evaluationsOf(svc, curpFor(1010))).toBe(0);

    // Another key of the same body, from the same address, has its own count: the limit is per key, not per IP.
    const other = await call(svc.url, 'POST', '/evaluations', { token: svc.staffKey('cecati-42', 'evaluator,certifier'), body: evaluation(1100) });
    expect(other.status).toBe(201);
    // Reads are not limited.
    expect((await call(svc.url, 'GET', `/evaluations/${other.json.id}`, { token: key })).status).toBe(200);

    svc.clock.advance(60_000);
    expect((await call(svc.url, 'POST', '/evaluations', { token: key, body: evaluation(1010) })).status).toBe(201);
    svc.clock.advance(-60_000);
  });

  it('limits status changes and certification on the same count', async () => {
    const certifier = svc.staffKey('universidad-del-valle', 'certifier');
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await call(svc.url, 'POST', `/evaluations/nope-${i}/certify`, { token: certifier })).status);
    expect(statuses).toEqual([...Array(10).fill(404), 429]);
    expectProblem(await call(svc.url, 'POST', '/credentials/urn:uuid:nope/revoke', { token: certifier, body: { reason: 'x' } }), 429, 'ERR_RATE_LIMITED');
    expectProblem(await call(svc.url, 'POST', '/batches?name=x', { token: certifier, raw: 'a', headers: { 'content-type': 'text/csv' } }), 429, 'ERR_RATE_LIMITED');
  });

  it('names only routes that exist', async () => {
    const doc = (await call(svc.url, 'GET', '/openapi.json')).json;
    const served = new Set(Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p.replace(/\{([A-Za-z_]+)\}/g, ':$1')}`)));
    expect([...WRITE_ROUTES, ...IDEMPOTENT_ROUTES].filter((r) => !served.has(r))).toEqual([]);
  });
});

describe('Idempotency-Key on the creating POSTs', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService();
  });
  afterAll(async () => {
    await svc.close();
  });
  const post = (token: string, p: string, key: string | undefined, body?: unknown) => call(svc.url, 'POST', p, { token, body, headers: key ? { 'idempotency-key': key } : {} });

  it('20 concurrent POSTs with one Idempotency-Key make one evaluation', async () => {
    const key = svc.staffKey('cecati-42', 'evaluator');
    const body = evaluation(2000);
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(key, '/evaluations', 'k-concurrent', body)));
    expect(evaluationsOf(svc, curpFor(2000))).toBe(1);
    // Each answer is the first one's (replayed) or "in progress"; never a second evaluation.
    const created = answers.filter((a) => a.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((a) => a.json.id)).size).toBe(1);
    for (const a of answers.filter((x) => x.status !== 201)) expectProblem(a, 409, 'ERR_IDEMPOTENCY_IN_PROGRESS');
    // Once done, a retry replays the answer exactly.
    const again = await post(key, '/evaluations', 'k-concurrent', body);
    expect({ status: again.status, json: again.json, replayed: again.headers.get('idempotent-replayed') }).toEqual({ status: 201, json: created[0]!.json, replayed: 'true' });
    expect(evaluationsOf(svc, curpFor(2000))).toBe(1);
  });

  it('same Idempotency-Key with another body is 409', async () => {
    const key = svc.staffKey('cecati-42', 'evaluator');
    const first = await post(key, '/evaluations', 'k-mismatch', evaluation(2100));
    expect(first.status).toBe(201);
    expectProblem(await post(key, '/evaluations', 'k-mismatch', evaluation(2101)), 409, 'ERR_IDEMPOTENCY_MISMATCH');
    expect(evaluationsOf(svc, curpFor(2101))).toBe(0);
    // The same body with its keys in another order is the same request.
    const { candidate, ...rest } = evaluation(2100);
    const reordered = await post(key, '/evaluations', 'k-mismatch', { ...rest, candidate });
    expect({ status: reordered.status, id: reordered.json.id }).toEqual({ status: 201, id: first.json.id });
  });

  it('keeps keys per caller, and replays a certification instead of refusing it as already certified', async () => {
    const evaluator = svc.staffKey('cecati-42', 'evaluator');
    const a = await post(evaluator, '/evaluations', 'k-shared', evaluation(2200));
    const b = await post(svc.staffKey('cecati-42', 'evaluator,certifier'), '/evaluations', 'k-shared', evaluation(2200));
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.json.id).not.toBe(a.json.id);

    const certifier = svc.staffKey('cecati-42', 'certifier');
    const c1 = await post(certifier, `/evaluations/${a.json.id}/certify`, 'k-certify');
    expect(c1.status).toBe(201);
    const c2 = await post(certifier, `/evaluations/${a.json.id}/certify`, 'k-certify');
    expect({ status: c2.status, json: c2.json }).toEqual({ status: 201, json: c1.json });
    // The same key for another evaluation is another request.
    expectProblem(await post(certifier, `/evaluations/${b.json.id}/certify`, 'k-certify'), 409, 'ERR_IDEMPOTENCY_MISMATCH');
    // Without a key, certifying again is refused as before.
    expectProblem(await post(certifier, `/evaluations/${a.json.id}/certify`, undefined), 409, 'ERR_ALREADY_CERTIFIED');
    const vcApi = { options: { evaluationId: b.json.id } };
    const i1 = await post(certifier, '/credentials/issue', 'k-issue', vcApi);
    const i2 = await post(certifier, '/credentials/issue', 'k-issue', vcApi);
    expect(i1.status).toBe(201);
    expect(i2.json).toEqual(i1.json);
  });

  it('frees a key whose request was refused, and refuses a key left reserved by an interrupted request', async () => {
    const key = svc.staffKey('cecati-42', 'evaluator');
    expectProblem(await post(key, '/evaluations', 'k-refused', evaluation(2300, { evaluatedOn: '2020-01-10' })), 403, 'ERR_NOT_ACCREDITED');
    expect((await post(key, '/evaluations', 'k-refused', evaluation(2300))).status).toBe(201);

    // A crash between reserving the key and recording the answer leaves the reservation: the retry is not run again.
    const staffId = svc.demo.find((d) => d.apiKey === key)!.staffId;
    const hash = requestHash('POST', '/evaluations', evaluation(2301));
    const now = svc.clock();
    expect(await svc.services.idempotency.reserve(`staff:${staffId}`, 'k-crashed', hash, now.toISOString(), new Date(now.getTime() + 3600_000).toISOString())).toEqual({ kind: 'reserved' });
    expectProblem(await post(key, '/evaluations', 'k-crashed', evaluation(2301)), 409, 'ERR_IDEMPOTENCY_IN_PROGRESS');
    expect(evaluationsOf(svc, curpFor(2301))).toBe(0);
  });

  it('forgets keys after 24 hours', async () => {
    const key = svc.staffKey('cecati-42', 'evaluator');
    const first = await post(key, '/evaluations', 'k-expiry', evaluation(2400));
    expect(first.status).toBe(201);
    svc.clock.advance(24 * 3600 * 1000 + 1);
    const later = await post(key, '/evaluations', 'k-expiry', evaluation(2401));
    expect(later.status).toBe(201);
    expect(evaluationsOf(svc, curpFor(2401))).toBe(1);
    svc.clock.advance(-(24 * 3600 * 1000 + 1));
  });

  it('refuses a malformed Idempotency-Key', async () => {
    expectProblem(await post(svc.staffKey('cecati-42', 'evaluator'), '/evaluations', 'has space', evaluation(2500)), 422, 'ERR_VALIDATION');
    expect(evaluationsOf(svc, curpFor(2500))).toBe(0);
    expect((await call(svc.url, 'POST', '/admin/committees', { token: ADMIN_TOKEN, body: { name: 'Comité X', sector: 'X' }, headers: { 'idempotency-key': 'ignored here' } })).status).toBe(201);
  });
});

describe('forwarding headers', () => {
  const garbage = { qr: 'not a credential' };
  const verify = (svc: TestService, from: string) => call(svc.url, 'POST', '/verify', { body: garbage, headers: { 'x-forwarded-for': from } });

  it('X-Forwarded-For from an untrusted client is ignored', async () => {
    const svc = await startTestService({ demo: false, env: { AVALA_RATE_VERIFY_PER_MINUTE: '3' } });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await verify(svc, `203.0.113.${i}`)).status);
      expect(statuses.map((s) => s === 429)).toEqual([false, false, false, true, true]);
    } finally {
      await svc.close();
    }
  });

  it('believes X-Forwarded-For from a proxy named in AVALA_TRUST_PROXY', async () => {
    const svc = await startTestService({ demo: false, env: { AVALA_RATE_VERIFY_PER_MINUTE: '3', AVALA_TRUST_PROXY: '127.0.0.1/32' } });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await verify(svc, `203.0.113.${i}`)).status);
      expect(statuses.some((s) => s === 429)).toBe(false);
      for (let i = 0; i < 3; i++) await verify(svc, '198.51.100.7');
      expect((await verify(svc, '198.51.100.7')).status).toBe(429);
    } finally {
      await svc.close();
    }
  });

  it('refuses a trusted-proxy list that is not addresses or ranges', () => {
    expect(() => loadConfig({ AVALA_TRUST_PROXY: '10.0.0.0/8, example.com' })).toThrow(/AVALA_TRUST_PROXY/);
    expect(() => loadConfig({ AVALA_TRUST_PROXY: '10.0.0.0/33' })).toThrow(/AVALA_TRUST_PROXY/);
    expect(loadConfig({ AVALA_TRUST_PROXY: '10.0.0.0/8, ::1, loopback' }).trustProxy).toEqual(['10.0.0.0/8', '::1', 'loopback']);
    expect(loadConfig({}).trustProxy).toEqual([]);
    expect(loadConfig({}).rateWritePerMinute).toBe(600);
  });
});
