import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packJson, packJws, unpackJson, unpackJws } from '../../src/storage/credential-codec.js';
import { startTestService, type TestService } from '../helpers/harness.js';
import { actor, curpFor } from '../helpers/people.js';

const dir = new URL('../fixtures/credentials/', import.meta.url);
const fixtures = fs.readdirSync(dir).filter((f) => f.endsWith('.jwt'));

describe('stored credential forms', () => {
  it('come back byte for byte, for every fixture credential', () => {
    expect(fixtures.length).toBeGreaterThan(5);
    for (const f of fixtures) {
      const jwt = fs.readFileSync(new URL(f, dir), 'utf8').trim();
      expect(unpackJws(packJws(jwt)), f).toBe(jwt);
      const json = new URL(f.replace(/\.jwt$/, '.json'), dir);
      if (fs.existsSync(json)) {
        const di = JSON.parse(fs.readFileSync(json, 'utf8')) as Record<string, unknown>;
        expect(unpackJson(packJson(di)), f).toEqual(di);
      }
    }
  });

  it('reads rows written before as TEXT, and keeps a JWS that would not round-trip as its text', () => {
    expect(unpackJson('{"a":1}')).toEqual({ a: 1 });
    expect(unpackJws('a.b.c')).toBe('a.b.c');
    expect(packJws('eyJ.AB.sig')).toBe('eyJ.AB.sig'); // "AB" is not canonical base64url (its last bits are not zero)
    expect(packJws('only.two')).toBe('only.two');
    expect(() => unpackJson(Buffer.from([9, 1, 2]))).toThrow(/format tag 9/);
  });
});

describe('bytes per credential', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService();
  });
  afterAll(() => svc?.close());

  it('stores both signed forms of a certificate in under half their size, and reads them back as issued', async () => {
    const e = await svc.services.issuance.recordEvaluation(actor(svc, 'cecati-42', 'evaluator'), { candidate: { name: 'Ana Pérez López', curp: curpFor(3), email: null }, standard: { code: 'EC0217' }, centre: 'Centro', evaluatedOn: '2026-05-20', result: 'competent' });
    const { credential } = await svc.services.issuance.certify(actor(svc, 'cecati-42', 'certifier'), e.id);
    const row = svc.services.db.prepare('SELECT length(di_json) AS di, length(jwt) AS jwt, typeof(di_json) AS t FROM credentials WHERE id = ?').get(credential.id) as { di: number; jwt: number; t: string };
    const raw = Buffer.byteLength(JSON.stringify(credential.dataIntegrity)) + credential.jwt!.length;
    expect(row.t).toBe('blob');
    expect(row.di + row.jwt).toBeLessThan(raw * 0.5);
    const back = await svc.services.issuance.getCredential('authority', credential.id);
    expect(back.jwt).toBe(credential.jwt);
    expect(back.dataIntegrity).toEqual(credential.dataIntegrity);
  });
});
