import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signVcJwt } from '../../src/signing/index.js';
import { ALL_PASS, FORMS, form, startWorld, verdicts, type World } from './helpers.js';

// Every instant the verifier compares is compared at one precision, whole seconds: a certificate issued at any
// moment after publication, accreditation or key activation verifies, even in the same second.
let w: World;
const T = Date.parse('2026-07-01T10:00:00.000Z');

beforeAll(async () => {
  w = await startWorld('2026-07-01T09:00:00.000Z');
});
afterAll(async () => {
  await w.close();
});

let n = 0;
/** A new standard published at `publishAt` (ms), and cecati-42 accredited for it from `accreditFrom`. */
async function newStandard(publishAt: number, accreditFrom: string): Promise<string> {
  const registry = w.svc.services.registry;
  const committee = (await registry.listCommittees())[0]!;
  const code = `EC9${String(100 + n++).padStart(3, '0')}`;
  const s = await registry.createStandard({ code, version: 1, title: `Estándar ${code}`, description: 'Prueba de precisión de tiempo', criteria: ['Criterio'], sector: committee.sector, level: 2, committeeId: committee.id, validityMonths: 36 });
  w.setTime(publishAt);
  const published = await registry.transitionStandard(s.id, 'published');
  expect(published.publishedAt).toBe(new Date(Math.floor(publishAt / 1000) * 1000).toISOString());
  await registry.accredit({ bodyId: await w.bodyId('cecati-42'), standardId: s.id, validFrom: accreditFrom, validUntil: '2030-01-01T00:00:00.000Z' });
  return code;
}

describe('one precision for time', () => {
  it.each(FORMS)('%s: verifies a certificate certified in the same second as its standard was published', async (f) => {
    const code = await newStandard(T + 500 + n * 10_000, '2026-01-01T00:00:00.000Z');
    w.advance(200);
    const c = await w.issue('cecati-42', { standard: code });
    expect(verdicts(await w.verifier().verify(form(c, f)))).toEqual(ALL_PASS);
  });

  it.each(FORMS)('%s: verifies a certificate certified in the next second after its standard was published', async (f) => {
    const code = await newStandard(T + 900 + n * 10_000, '2026-01-01T00:00:00.000Z');
    w.advance(300);
    const c = await w.issue('cecati-42', { standard: code });
    expect(verdicts(await w.verifier().verify(form(c, f)))).toEqual(ALL_PASS);
  });

  it.each(FORMS)('%s: verifies a certificate certified in the same second as its accreditation began, and in the next', async (f) => {
    const start = T + 100_000 + n * 10_000 + 600;
    const code = await newStandard(start - 60_000, new Date(start).toISOString());
    w.setTime(start + 100);
    const same = await w.issue('cecati-42', { standard: code });
    expect(verdicts(await w.verifier().verify(form(same, f)))).toEqual(ALL_PASS);
    w.setTime(start + 500);
    const next = await w.issue('cecati-42', { standard: code });
    expect(Date.parse(next.validFrom) - Date.parse(same.validFrom)).toBe(1000);
    expect(verdicts(await w.verifier().verify(form(next, f)))).toEqual(ALL_PASS);
  });

  it('refuses a VC-JWT whose signing time (iat) is more than 300 s in the future, and accepts 299 s', async () => {
    w.setTime(T + 500_000);
    const c = await w.issue();
    const key = await w.svc.services.registry.currentKey(c.bodyId);
    const { proof: _p, ...unsigned } = c.dataIntegrity as Record<string, unknown>;
    const at = (s: number) => signVcJwt(unsigned, w.svc.services.keys, key.keystoreId, key.id, { signedAt: new Date(w.now().getTime() + s * 1000) });
    expect(verdicts(await w.verifier().verify(await at(301))).validity_window).toEqual(['fail', 'NOT_YET_VALID']);
    expect(verdicts(await w.verifier().verify(await at(299)))).toEqual(ALL_PASS);
  });

  it('a rotation in the middle of a second: the old key signs the rest of that second, the new key from the next; all verify', async () => {
    const bodyId = await w.bodyId('cecati-42');
    const at = T + 1_000_000 + 400;
    w.setTime(at);
    const before = await w.svc.services.registry.currentKey(bodyId);
    const rotated = await w.svc.services.registry.rotateKey(bodyId);
    const next = new Date(Math.ceil(at / 1000) * 1000).toISOString();
    expect(rotated.activeFrom).toBe(next);
    expect((await w.key('cecati-42', Number(before.id.split('-').at(-1)))).activeUntil).toBe(next);

    w.setTime(at + 300); // same second as the rotation
    const sameSecond = await w.issue();
    expect(sameSecond.keyId).toBe(before.id);
    w.setTime(at + 700); // the next whole second: the new key's first
    const nextSecond = await w.issue();
    expect(nextSecond.keyId).toBe(rotated.id);
    for (const c of [sameSecond, nextSecond]) {
      for (const f of FORMS) expect(verdicts(await w.verifier().verify(form(c, f)))).toEqual(ALL_PASS);
    }
  });

  it('records a compromise time rounded down to its second, and fails a credential signed in that second', async () => {
    const bodyId = await w.bodyId('cecati-42');
    w.setTime(T + 2_000_000 + 100);
    const c = await w.issue();
    const key = await w.svc.services.registry.currentKey(bodyId);
    const marked = await w.svc.services.registry.markKeyCompromised(key.id, new Date(T + 2_000_000 + 800).toISOString());
    expect(marked.compromisedAt).toBe(new Date(T + 2_000_000).toISOString());
    for (const f of FORMS) expect(verdicts(await w.verifier().verify(form(c, f))).key_valid_at_issuance).toEqual(['fail', 'KEY_NOT_VALID_AT_ISSUANCE']);
  });
});
