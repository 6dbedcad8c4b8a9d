import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_COLUMNS } from '../../src/issuance/index.js';
import { call, startTestService, type TestService } from '../helpers/harness.js';
import { curpFor } from '../helpers/people.js';

let svc: TestService;
let evaluator: string;

beforeAll(async () => {
  svc = await startTestService();
  evaluator = svc.staffKey('cecati-42', 'evaluator');
});
afterAll(async () => {
  await svc.close();
});

const HEADER = BATCH_COLUMNS.join(',');

/** One CSV line for BATCH_COLUMNS: external id, name, CURP number; the rest fixed unless overridden. */
function row(id: string, name: string, curp: number, over: Partial<Record<(typeof BATCH_COLUMNS)[number], string>> = {}): string {
  const r: Record<string, string> = {
    external_id: id,
    candidate_name: name,
    curp: curpFor(curp),
    email: '',
    standard_code: 'EC0217',
    standard_version: '',
    centre: 'Centro Norte',
    evaluated_on: '2026-05-10',
    result: 'competent',
    notes: '',
    renews_credential_id: '',
    ...over,
  };
  return BATCH_COLUMNS.map((c) => r[c]!).join(',');
}

async function upload(name: string, body: string | Uint8Array<ArrayBuffer>) {
  const res = await fetch(`${svc.url}/batches?name=${encodeURIComponent(name)}`, { method: 'POST', headers: { authorization: `Bearer ${evaluator}`, 'content-type': 'text/csv' }, body: typeof body === 'string' ? body : new Blob([body]) });
  return { status: res.status, json: (await res.json()) as any };
}

const lineCodes = (errors: Array<{ line: number; code: string }>) => errors.map((e) => ({ line: e.line, code: e.code }));

describe('batches report every row', () => {
  it('reports a row whose external_id repeats an earlier row of the file for another person, with its line', async () => {
    const csv = [HEADER, row('dup-1', 'Ana López', 301), row('dup-2', 'Luis Pérez', 302), row('dup-1', 'María Gómez', 303), row('dup-2', 'Luis Pérez', 302)].join('\n');
    const r = await upload('dup-same-file', csv);
    expect(r.status).toBe(201);
    expect(r.json.imported).toBe(2);
    expect(r.json.alreadyImported).toBe(1); // line 5 repeats line 3 exactly
    expect(r.json.batch).toMatchObject({ state: 'imported', rowsTotal: 4, rowsBad: 1 });
    expect(r.json.errors).toEqual([
      { line: 4, externalId: 'dup-1', code: 'ERR_EXTERNAL_ID_CONFLICT', message: expect.stringMatching(/candidate_name, curp/) },
    ]);
  });

  it('skips an identical re-send and reports a changed row of an earlier file as a conflict', async () => {
    const first = [HEADER, row('again-1', 'Rosa Díaz', 311), row('again-2', 'Pedro Ruiz', 312)].join('\n');
    expect((await upload('again-a', first)).json.imported).toBe(2);
    const resent = await upload('again-a', first);
    expect(resent.json).toMatchObject({ imported: 0, alreadyImported: 2, errors: [], batch: { rowsBad: 0 } });
    const changed = await upload('again-b', [HEADER, row('again-1', 'Rosa Díaz', 311, { result: 'not-yet-competent' }), row('again-2', 'Pedro Ruiz', 312)].join('\n'));
    expect(changed.json).toMatchObject({ imported: 0, alreadyImported: 1 });
    expect(lineCodes(changed.json.errors)).toEqual([{ line: 2, code: 'ERR_EXTERNAL_ID_CONFLICT' }]);
    expect(changed.json.errors[0].message).toMatch(/result/);
  });

  it('serves the error report as CSV, with formula-looking cells made inert', async () => {
    const csv = [HEADER, row('=cmd|calc', 'Ana Uno', 321), row('ok-1', 'Ana Dos', 322, { evaluated_on: '2026-13-45' }), row('+1', 'Ana Tres', 323, { standard_code: 'EC9999' })].join('\n');
    const up = await upload('csv-report', csv);
    // '=cmd|calc' is a valid external id: it is its row that is fine, and the report's other rows carry the danger.
    expect(up.json.batch.rowsBad).toBe(2);
    const res = await call(svc.url, 'GET', `/batches/${up.json.batch.id}/errors.csv`, { token: evaluator });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = res.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('line,external_id,code,message');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3))).toEqual([
      ['3', 'ok-1', 'ERR_VALIDATION'],
      ['4', "'+1", 'ERR_NOT_FOUND'],
    ]);
    // by name too, and another body's staff cannot see it
    expect((await call(svc.url, 'GET', '/batches/csv-report/errors.csv', { token: evaluator })).text).toBe(res.text);
    expect((await call(svc.url, 'GET', `/batches/${up.json.batch.id}/errors.csv`, { token: svc.staffKey('universidad-del-valle', 'certifier') })).status).toBe(404);
  });

  it('leaves a refused file failed with its reason, not stuck in importing', async () => {
    const r = await upload('refused-header', 'id,name\n1,x\n');
    expect(r.status).toBe(422);
    const b = await call(svc.url, 'GET', '/batches/refused-header', { token: evaluator });
    expect(b.json.batch).toMatchObject({ state: 'failed', failure: expect.stringMatching(/header is wrong; missing: external_id/) });
    const unterminated = await upload('refused-quote', [HEADER, row('q-1', 'Ana', 331), `q-2,"Ana Cinco,${curpFor(332)}`, row('q-3', 'Ana', 333)].join('\n'));
    expect(unterminated.status).toBe(422);
    const u = await call(svc.url, 'GET', '/batches/refused-quote', { token: evaluator });
    expect(u.json.batch).toMatchObject({ state: 'failed', rowsTotal: 1, failure: expect.stringMatching(/line 3 that is never closed/) });
  });
});

describe('no input-driven 500 from a CSV', () => {
  const good = (id: string, curp: number) => row(id, 'Buena Fila', curp);

  it('reports a quote inside an unquoted field as that row, and goes on', async () => {
    const csv = [HEADER, row('mq-1', 'a"b', 341), row('mq-2', '=HYPERLINK("http://x.example/?q=1")', 342), good('mq-3', 343)].join('\n');
    const r = await upload('mid-quote', csv);
    expect(r.status).toBe(201);
    expect(r.json.imported).toBe(1);
    expect(lineCodes(r.json.errors)).toEqual([
      { line: 2, code: 'ERR_VALIDATION' },
      { line: 3, code: 'ERR_VALIDATION' },
    ]);
    expect(r.json.errors[0].message).toMatch(/quote inside a field/);
  });

  it('refuses an unterminated quote with 422 naming the line it opened on', async () => {
    const r = await upload('unterminated', [HEADER, good('ut-1', 351), `ut-2,"Nunca Cerrada,${curpFor(352)},,EC0217,,Centro,2026-05-10,competent,,`, good('ut-3', 353)].join('\n'));
    expect(r.status).toBe(422);
    expect(r.json).toMatchObject({ code: 'ERR_VALIDATION', detail: expect.stringMatching(/line 3/) });
  });

  it('refuses text after a closing quote with 422 naming its line (the parser cannot find the next row)', async () => {
    const r = await upload('after-close', [HEADER, good('ac-1', 361), row('ac-2', '"Ana"x', 362), good('ac-3', 363)].join('\n'));
    expect(r.status).toBe(422);
    expect(r.json).toMatchObject({ code: 'ERR_VALIDATION', details: { line: 3 } });
  });

  it('refuses a row over 64 KiB with 413 naming its line', async () => {
    const r = await upload('too-long', [HEADER, good('tl-1', 365), row('tl-2', 'Ana', 366, { notes: 'x'.repeat(70_000) })].join('\n'));
    expect(r.status).toBe(413);
    expect(r.json).toMatchObject({ code: 'ERR_PAYLOAD_TOO_LARGE', detail: expect.stringMatching(/near line 3/) });
    expect((await call(svc.url, 'GET', '/batches/too-long', { token: evaluator })).json.batch.state).toBe('failed');
  });

  it('reports a row with the wrong number of fields', async () => {
    const r = await upload('columns', [HEADER, 'wc-1,Ana,x', good('wc-2', 371), `${good('wc-3', 372)},extra`].join('\n'));
    expect(r.status).toBe(201);
    expect(r.json.imported).toBe(1);
    expect(lineCodes(r.json.errors)).toEqual([
      { line: 2, code: 'ERR_VALIDATION' },
      { line: 4, code: 'ERR_VALIDATION' },
    ]);
  });

  it('reports a row that is not valid UTF-8', async () => {
    const body = new Uint8Array(Buffer.concat([Buffer.from(`${HEADER}\n${good('u8-1', 381)}\n`), Buffer.from(row('u8-2', 'Mar\u00eda', 382), 'latin1'), Buffer.from('\n')]));
    const r = await upload('latin1', body);
    expect(r.status).toBe(201);
    expect(r.json.errors).toEqual([{ line: 3, externalId: 'u8-2', code: 'ERR_VALIDATION', message: 'candidate_name is not valid UTF-8 (save the file as UTF-8)' }]);
  });

  it('reports a row holding a NUL byte', async () => {
    const r = await upload('nul', [HEADER, row('nul-1', 'Ana\u0000Uno', 391), good('nul-2', 392)].join('\n'));
    expect(r.status).toBe(201);
    expect(r.json.errors).toEqual([{ line: 2, externalId: 'nul-1', code: 'ERR_VALIDATION', message: 'candidate_name contains a NUL byte' }]);
  });
});
