import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssuedCredential } from '../../src/issuance/index.js';
import { encodeQrPayload, verifierUrl } from '../../src/qr/index.js';
import { avalaQrDecoder, type Verifier } from '../../src/verification/index.js';
import { ALL_PASS, PUBLIC_URL, UNKNOWN_AFTER_PROOF, form, startWorld, verdicts, type World } from './helpers.js';

let w: World;
let c: IssuedCredential;
let v: Verifier;

beforeAll(async () => {
  w = await startWorld('2026-06-01T12:00:00.000Z');
  c = await w.issue('cecati-42');
  v = w.verifier({ decodeQr: avalaQrDecoder });
});
afterAll(async () => {
  await w.close();
});

const b64 = (o: unknown) => Buffer.from(typeof o === 'string' ? o : JSON.stringify(o)).toString('base64url');
const refused = (code: string) => ({ format: ['fail', code], proof: ['unknown', null], ...UNKNOWN_AFTER_PROOF, trust_registry_fresh: ['pass', null] });

describe('format: what is not a readable credential fails the format check, and nothing else is judged', () => {
  const di = () => structuredClone(c.dataIntegrity!) as any;
  const deep = () => {
    let x: unknown = 'bottom';
    for (let i = 0; i < 40; i++) x = { x };
    return x;
  };
  const cyclic = () => {
    const o: any = di();
    o.self = o;
    return o;
  };

  const cases: Array<[string, () => unknown, string]> = [
    ['a credential over 256 KiB (object)', () => ({ ...di(), padding: 'x'.repeat(300 * 1024) }), 'RESOURCE_LIMIT'],
    ['a credential over 256 KiB (text)', () => `${' '.repeat(300 * 1024)}{}`, 'RESOURCE_LIMIT'],
    ['JSON nested more than 32 levels', () => ({ ...di(), credentialSubject: deep() }), 'RESOURCE_LIMIT'],
    ['a QR payload over 4 KiB', () => `1${'7'.repeat(5000)}`, 'RESOURCE_LIMIT'],
    ['text that is none of the three forms', () => 'hola, soy una credencial', 'PARSING_ERROR'],
    ['a QR payload that does not decode', () => '1234567890', 'PARSING_ERROR'],
    ['broken JSON', () => '{"@context": ', 'PARSING_ERROR'],
    ['a number', () => 42, 'PARSING_ERROR'],
    ['null', () => null, 'PARSING_ERROR'],
    ['an array', () => [di()], 'PARSING_ERROR'],
    ['an object with a cycle', cyclic, 'RESOURCE_LIMIT'],
    ['a JWT whose header is not JSON', () => `${b64('not json')}.${c.jwt!.split('.')[1]}.${c.jwt!.split('.')[2]}`, 'PARSING_ERROR'],
    ['a JWT wrapping the credential in a vc claim', () => `${c.jwt!.split('.')[0]}.${b64({ vc: di() })}.sig`, 'MALFORMED_VALUE_ERROR'],
    ['an enveloped credential without a data: URL', () => ({ '@context': 'https://www.w3.org/ns/credentials/v2', type: 'EnvelopedVerifiableCredential', id: 'https://evil.example/vc' }), 'MALFORMED_VALUE_ERROR'],
    ['a context the verifier does not hold', () => ({ ...di(), '@context': [...di()['@context'], 'https://evil.example/ctx'] }), 'CONTEXT_NOT_ALLOWED'],
    ['a context entry that is neither a URL nor an object', () => ({ ...di(), '@context': [...di()['@context'], 42] }), 'CONTEXT_NOT_ALLOWED'],
    ['a first context other than VC 2.0', () => ({ ...di(), '@context': ['https://www.w3.org/2018/credentials/v1'] }), 'MALFORMED_VALUE_ERROR'],
    ['no issuer', () => ({ ...di(), issuer: undefined }), 'MALFORMED_VALUE_ERROR'],
    ['validUntil before validFrom', () => ({ ...di(), validUntil: '2020-01-01T00:00:00Z' }), 'MALFORMED_VALUE_ERROR'],
    ['a validFrom without a time zone', () => ({ ...di(), validFrom: '2026-06-01T12:00:00' }), 'MALFORMED_VALUE_ERROR'],
    ['a validUntil on 30 February, a day that does not exist', () => ({ ...di(), validUntil: '2027-02-30T00:00:00Z' }), 'MALFORMED_VALUE_ERROR'],
    ['a type without VerifiableCredential', () => ({ ...di(), type: ['OpenBadgeCredential'] }), 'MALFORMED_VALUE_ERROR'],
  ];

  it.each(cases)('%s', async (_name, input, code) => {
    const r = await v.verify(input());
    expect(verdicts(r)).toEqual(refused(code));
    expect(r).toMatchObject({ verified: false, format: null, facts: null });
    const f = r.checks[0]!;
    expect(f.message).not.toBe('');
    expect(f.messageEs).not.toBe('');
  });
});

describe('format: an inline context is read, and cannot redefine a protected term', () => {
  // VC 2.0 §4.3: entries after the base context are URLs or objects. An inline one is processed as it is (nothing is
  // fetched); the base contexts protect their terms, so redefining `name` fails the proof, not the format.
  it('passes the format and fails the proof when the inline context redefines name', async () => {
    const di = structuredClone(c.dataIntegrity!) as { '@context': unknown[] };
    const r = await v.verify({ ...di, '@context': [...di['@context'], { name: 'https://evil.example/name' }] }, { checks: ['proof'] });
    expect(verdicts(r)).toEqual({ format: ['pass', null], proof: ['fail', 'PROOF_VERIFICATION_ERROR'] });
  });
});

describe('format: the same credential check as issuance', () => {
  it('refuses 2026-02-30 as issuance does, and says why in both languages', async () => {
    const r = await v.verify({ ...(structuredClone(c.dataIntegrity!) as object), validFrom: '2026-02-30T00:00:00Z' });
    expect(r.checks[0]).toMatchObject({
      name: 'format',
      status: 'fail',
      code: 'MALFORMED_VALUE_ERROR',
      message: 'Not a valid credential: validFrom must be a real date and time.',
      messageEs: 'No es una credencial válida: validFrom debe ser una fecha y hora real.',
    });
  });
});

describe('the forms a person may have in hand', () => {
  it('verifies the enveloped credential, the data: URL and the compact JWT alike', async () => {
    const enveloped = { '@context': 'https://www.w3.org/ns/credentials/v2', type: 'EnvelopedVerifiableCredential', id: `data:application/vc+jwt,${c.jwt}` };
    for (const input of [enveloped, `data:application/vc+jwt,${c.jwt}`, `  ${c.jwt}\n`, JSON.stringify(c.dataIntegrity)]) {
      expect(verdicts(await v.verify(input))).toEqual(ALL_PASS);
    }
  });

  it('verifies a QR payload, bare or as the verifier URL the code holds', async () => {
    const payload = encodeQrPayload(c.jwt!);
    for (const input of [payload, verifierUrl(PUBLIC_URL, payload)]) {
      const r = await v.verify(input);
      expect(verdicts(r)).toEqual(ALL_PASS);
      expect(r.format).toBe('vc-jwt');
    }
    // Without a QR decoder, the payload is simply not readable.
    expect(verdicts(await w.verifier().verify(payload))).toEqual(refused('PARSING_ERROR'));
  });
});

describe('random mutation (promise 2 of docs/reliability.md): never a throw, never a false accept', () => {
  // A fixed seed, so a failure can be replayed.
  let seed = 20260601;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const mutate = (s: string) => {
    const chars = [...s];
    const i = rand(chars.length);
    const op = rand(3);
    if (op === 0) chars[i] = String.fromCharCode(32 + rand(95));
    else if (op === 1) chars.splice(i, 1);
    else chars.splice(i, 0, String.fromCharCode(32 + rand(95)));
    return chars.join('');
  };

  it.each([
    ['the compact JWT', () => c.jwt!],
    ['the Data Integrity JSON', () => JSON.stringify(c.dataIntegrity)],
    ['the QR payload', () => encodeQrPayload(c.jwt!)],
  ])('%s', async (_name, source) => {
    const original = source();
    let accepted = 0;
    for (let n = 0; n < 60; n++) {
      let text = original;
      for (let k = 0; k <= rand(3); k++) text = mutate(text);
      const r = await v.verify(text);
      if (r.verified) {
        // A mutation can be a no-op for the signed content (whitespace in JSON, a base64url padding bit): then the
        // credential must read exactly as the original.
        accepted += 1;
        expect(JSON.stringify((await v.verify(original)).facts)).toBe(JSON.stringify(r.facts));
      }
    }
    expect(accepted).toBeLessThan(15);
  });

  it('survives random bytes', async () => {
    for (let n = 0; n < 50; n++) {
      const r = await v.verify(crypto.randomBytes(rand(2000)).toString(['latin1', 'base64url', 'hex'][n % 3] as BufferEncoding));
      expect(r.verified).toBe(false);
    }
  });
});

describe('objects handed to the library directly', () => {
  it("reads a plain JSON copy: a caller's getter that throws, a function or a Date is no crash, and the object is left as it was", async () => {
    const hostile = { ...structuredClone(c.dataIntegrity!) };
    Object.defineProperty(hostile, 'trap', { enumerable: true, get: () => { throw new Error('boom'); } });
    expect(verdicts(await v.verify(hostile))).toEqual(refused('PARSING_ERROR'));
    const withFunction = { ...structuredClone(c.dataIntegrity!), helper: () => 1 };
    expect(verdicts(await v.verify(withFunction))).toEqual(ALL_PASS);
    expect(verdicts(await v.verify(new Date()))).toEqual(refused('PARSING_ERROR'));
    const mine = structuredClone(c.dataIntegrity!);
    await v.verify(mine);
    expect(mine).toEqual(c.dataIntegrity);
  });
});
