import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_COLUMNS } from '../../src/issuance/index.js';
import { forbiddenNameCharacter } from '../../src/text.js';
import { ADMIN_TOKEN, call, startTestService, type TestService } from '../helpers/harness.js';
import { curpFor } from '../helpers/people.js';

// Issue 11 item 10: names are shown as written. Each class of character that changes or hides what is displayed
// is refused at every entrance, naming the field and the character.

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc.close();
});

const CLASSES: Array<[string, string, string]> = [
  ['a right-to-left override', 'Ana \u202EzelaznoG', 'U+202E RIGHT-TO-LEFT OVERRIDE'],
  ['a first-strong isolate', 'Ana \u2068María', 'U+2068 FIRST STRONG ISOLATE'],
  ['a right-to-left mark', 'Ana\u200F María', 'U+200F RIGHT-TO-LEFT MARK'],
  ['an Arabic letter mark', 'Ana\u061C María', 'U+061C ARABIC LETTER MARK'],
  ['a zero-width space', 'Ana\u200BMaría', 'U+200B ZERO WIDTH SPACE'],
  ['a byte-order mark', 'Ana\uFEFFMaría', 'U+FEFF ZERO WIDTH NO-BREAK SPACE'],
  ['a soft hyphen', 'Ana Ma\u00ADría', 'U+00AD SOFT HYPHEN'],
  ['an unpaired surrogate', 'Ana \uD800María', 'an unpaired surrogate U+D800'],
  ['a replacement character', 'Ana Mar\uFFFDa', 'U+FFFD REPLACEMENT CHARACTER'],
];

function evaluation(name: string, i: number) {
  return { candidate: { name, curp: curpFor(9000 + i) }, standard: { code: 'EC0217' }, centre: 'Centro Norte', evaluatedOn: '2026-05-20', result: 'competent' };
}

describe('names are shown as written', () => {
  it('keeps letters, accents, emoji and the joiners that scripts need', () => {
    for (const ok of ['Ana María González Martínez', 'Zoë O’Brien-Núñez', 'مهر\u200Cانگیز', 'क्\u200Dष', '😀 Ana']) expect(forbiddenNameCharacter(ok), ok).toBeNull();
  });

  for (const [what, name, described] of CLASSES) {
    it(`refuses a candidate name with ${what} through POST /evaluations (422 naming field and character)`, async () => {
      // The raw JSON text keeps the lone surrogate as an escape, as a client would send it.
      const raw = JSON.stringify(evaluation(name, CLASSES.findIndex((c) => c[0] === what)));
      const r = await call(svc.url, 'POST', '/evaluations', { token: svc.staffKey('cecati-42', 'evaluator'), raw, headers: { 'content-type': 'application/json' } });
      expect({ status: r.status, code: r.json?.code, detail: r.json?.detail }).toEqual({ status: 422, code: 'ERR_VALIDATION', detail: `candidate.name contains ${described}` });
    });
  }

  it('refuses a centre with a bidi control', async () => {
    const r = await call(svc.url, 'POST', '/evaluations', { token: svc.staffKey('cecati-42', 'evaluator'), body: { ...evaluation('Ana María', 50), centre: 'Centro \u202DNorte' } });
    expect({ status: r.status, detail: r.json?.detail }).toEqual({ status: 422, detail: 'centre contains U+202D LEFT-TO-RIGHT OVERRIDE' });
  });

  it('reports a CSV batch row whose name holds a right-to-left override with its line', async () => {
    const row = (i: number, name: string) => {
      const v: Record<string, string> = { external_id: `bidi-${i}`, candidate_name: name, curp: curpFor(9100 + i), email: '', standard_code: 'EC0217', standard_version: '', centre: 'Centro Norte', evaluated_on: '2026-05-20', result: 'competent', notes: '', renews_credential_id: '' };
      return BATCH_COLUMNS.map((c) => v[c] ?? '').join(',');
    };
    const csv = `${BATCH_COLUMNS.join(',')}\n${row(1, 'Ana María')}\n${row(2, 'Luis \u202Ezepó\u0050')}\n${row(3, 'Eva\u200BRuiz')}\n`;
    const up = await fetch(`${svc.url}/batches?name=bidi`, { method: 'POST', headers: { authorization: `Bearer ${svc.staffKey('cecati-42', 'evaluator')}`, 'content-type': 'text/csv' }, body: csv });
    const report = (await up.json()) as any;
    expect(report.imported).toBe(1);
    expect(report.errors.map((e: any) => ({ line: e.line, code: e.code, message: e.message }))).toEqual([
      { line: 3, code: 'ERR_VALIDATION', message: 'candidate.name contains U+202E RIGHT-TO-LEFT OVERRIDE' },
      { line: 4, code: 'ERR_VALIDATION', message: 'candidate.name contains U+200B ZERO WIDTH SPACE' },
    ]);
  });

  it('refuses registry names and titles with bidi controls or lone surrogates through the admin API', async () => {
    const admin = (method: string, p: string, raw: string) => call(svc.url, method, p, { token: ADMIN_TOKEN, raw, headers: { 'content-type': 'application/json' } });
    const detail = async (r: Promise<{ status: number; json: any }>) => {
      const x = await r;
      return { status: x.status, detail: x.json?.detail };
    };
    expect(await detail(admin('POST', '/admin/committees', JSON.stringify({ name: 'Comité \u202E', sector: 'Logística' })))).toEqual({ status: 422, detail: 'name contains U+202E RIGHT-TO-LEFT OVERRIDE' });
    expect(await detail(admin('POST', '/admin/bodies', '{"slug":"bidi-body","name":"Escuela \\ud800","kind":"school"}'))).toEqual({ status: 422, detail: 'name contains an unpaired surrogate U+D800' });
    const committee = (await svc.services.registry.listCommittees())[0]!;
    const standard = { code: 'EC0901', version: 1, title: 'Operación \u2066de montacargas', description: 'd', criteria: ['c'], sector: 'Logística', level: 2, committeeId: committee.id, validityMonths: 12 };
    expect(await detail(admin('POST', '/admin/standards', JSON.stringify(standard)))).toEqual({ status: 422, detail: 'title contains U+2066 LEFT-TO-RIGHT ISOLATE' });
    const body = await svc.services.registry.getBodyBySlug('cecati-42');
    expect(await detail(admin('POST', `/admin/bodies/${body.id}/staff`, JSON.stringify({ name: 'Eva\u200FRuiz', roles: ['evaluator'] })))).toEqual({ status: 422, detail: 'name contains U+200F RIGHT-TO-LEFT MARK' });
  });
});
