import crypto from 'node:crypto';
import fs from 'node:fs';
import { deflateSync } from 'fflate';
import { CompactSign, compactVerify, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { bytesToDigits, decodeQrPayload, DICTIONARY_V1, encodeQrPayload, QR_LIMITS } from '../../src/qr/index.js';

const vector = JSON.parse(fs.readFileSync(new URL('./vectors/format-1.json', import.meta.url), 'utf8')) as { jwt: string; payload: string; publicJwk: Record<string, string> };
// The fixed test key the vector was signed with (Ed25519 from SHA-256 of a phrase): test material, not a secret.
const TEST_JWK = { ...vector.publicJwk, d: 'mivDQSaQRVa9-sb2fgCnVZiY5nXu1zYmfzZGV5sQJYE' };
const DICTIONARY = new TextEncoder().encode(DICTIONARY_V1);

/** The error a call throws (or null); the codec must never throw anything but an AppError for any text. */
function refusal(f: () => unknown): AppError | null {
  try {
    f();
    return null;
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return e;
  }
}
const reasonOf = (text: string) => {
  const e = refusal(() => decodeQrPayload(text));
  return e && { code: e.code, reason: e.details?.reason };
};

/** Format-1 text for a binary we build by hand: signature, counts byte, table, DEFLATE stream. */
function craft(deflated: Uint8Array, opts: { counts?: number; table?: Uint8Array } = {}): string {
  return `1${bytesToDigits(Buffer.concat([new Uint8Array(64), Uint8Array.of(opts.counts ?? 0), opts.table ?? new Uint8Array(0), deflated]))}`;
}

async function sign(payload: Uint8Array, header: Record<string, unknown> = { alg: 'EdDSA', typ: 'vc+jwt' }): Promise<string> {
  return new CompactSign(payload).setProtectedHeader(header as { alg: string }).sign(await importJWK(TEST_JWK, 'EdDSA'));
}

describe('format 1 vector', () => {
  it('decodes the vector into exactly its JWT, which verifies with the test key', async () => {
    expect(decodeQrPayload(vector.payload)).toBe(vector.jwt);
    await expect(compactVerify(vector.jwt, await importJWK(vector.publicJwk, 'EdDSA'))).resolves.toBeTruthy();
  });

  it('still encodes the vector to the same text (our encoder is deterministic)', () => {
    expect(encodeQrPayload(vector.jwt)).toBe(vector.payload);
  });

  it('keeps the dictionary frozen: changing it is a new format version, not an edit', () => {
    expect(crypto.createHash('sha256').update(DICTIONARY).digest('hex')).toBe('9d31170c79bc52131231f8aaaf44fecffd42e6af7026501b582fc864b1b79f56');
  });
});

describe('round trip', () => {
  it('rebuilds JWTs whose payload has UUIDs, repeated UUIDs, hashes, upper-case UUIDs and non-ASCII text', async () => {
    const u1 = crypto.randomUUID();
    const u2 = crypto.randomUUID();
    const payload = {
      id: `urn:uuid:${u1}`,
      again: [`https://x.test/status/${u2}#5`, `https://x.test/status/${u2}`],
      upper: crypto.randomUUID().toUpperCase(),
      hash: `sha256$${crypto.randomBytes(32).toString('hex')}`,
      long: crypto.randomBytes(40).toString('hex'),
      name: 'Ñandú Pérez — “prueba” ✓',
      tabs: 'a\tb',
    };
    const jwt = await sign(new TextEncoder().encode(JSON.stringify(payload, null, '\t')));
    expect(decodeQrPayload(encodeQrPayload(jwt))).toBe(jwt);
  });

  it('rebuilds a JWT with more UUIDs and hashes than the table holds (the rest stay as text)', async () => {
    const many = { u: Array.from({ length: 20 }, () => crypto.randomUUID()), h: Array.from({ length: 10 }, () => crypto.randomBytes(32).toString('hex')) };
    const jwt = await sign(new TextEncoder().encode(JSON.stringify(many)));
    expect(decodeQrPayload(encodeQrPayload(jwt))).toBe(jwt);
  });

  it('rebuilds a JWT whose header is longer than 127 bytes (two-byte length)', async () => {
    const jwt = await sign(new TextEncoder().encode('{"a":1}'), { alg: 'EdDSA', kid: `did:web:example.test:bodies:${'x'.repeat(150)}#key-1` });
    expect(decodeQrPayload(encodeQrPayload(jwt))).toBe(jwt);
  });

  it('refuses to encode what format 1 cannot carry exactly', async () => {
    const jwt = await sign(new TextEncoder().encode('{"a":1}'));
    const [h, p, s] = jwt.split('.') as [string, string, string];
    const cases = {
      'not a JWS': 'abc',
      'four parts': `${jwt}.x`,
      'padding': `${h}.${p}==.${s}`,
      'non-canonical base64url': `${h}.${p.slice(0, -1)}${String.fromCharCode(p.charCodeAt(p.length - 1) + 1)}.${s}`,
      'short signature': `${h}.${p}.${s.slice(0, 40)}`,
      'control byte in the payload': `${h}.${Buffer.from('{"a":"\u0001"}').toString('base64url')}.${s}`,
      'too big for a code': `${h}.${crypto.randomBytes(3000).toString('base64url')}.${s}`,
    };
    for (const [what, bad] of Object.entries(cases)) {
      const e = refusal(() => encodeQrPayload(bad));
      expect(e?.code, what).toMatch(/^ERR_(UNSUPPORTED_FORMAT|PAYLOAD_TOO_LARGE)$/);
    }
  });
});

describe('decoder limits and strictness', () => {
  it('refuses text longer than 4 KiB before reading it', () => {
    expect(reasonOf(`1${'0'.repeat(QR_LIMITS.maxTextChars)}`)).toEqual({ code: 'ERR_PAYLOAD_TOO_LARGE', reason: 'too-long' });
    expect(reasonOf('x'.repeat(10_000_000))).toEqual({ code: 'ERR_PAYLOAD_TOO_LARGE', reason: 'too-long' });
  });

  it('refuses anything but ASCII digits after the version', () => {
    const good = vector.payload;
    for (const bad of [`${good.slice(0, 50)}A${good.slice(51)}`, `${good.slice(0, 50)} ${good.slice(51)}`, `${good.slice(0, 50)}٣${good.slice(51)}`, `1${Buffer.from('hola').toString('base64url')}`, `${good}\n`]) {
      expect(reasonOf(bad)).toEqual({ code: 'ERR_VALIDATION', reason: 'alphabet' });
    }
  });

  it('refuses an unknown or missing version', () => {
    expect(reasonOf('')).toEqual({ code: 'ERR_VALIDATION', reason: 'unknown-version' });
    expect(reasonOf(`2${vector.payload.slice(1)}`)).toEqual({ code: 'ERR_VALIDATION', reason: 'unknown-version' });
    expect(reasonOf(vector.jwt)).toEqual({ code: 'ERR_VALIDATION', reason: 'unknown-version' });
  });

  it('refuses truncated text: a length no byte count gives, or a stream that ends early', () => {
    expect(reasonOf(vector.payload.slice(0, -1))).toEqual({ code: 'ERR_VALIDATION', reason: 'length' });
    expect(reasonOf(vector.payload.slice(0, -17))).toMatchObject({ code: 'ERR_VALIDATION' });
    expect(reasonOf(vector.payload.slice(0, 1 + 17 * 9))).toEqual({ code: 'ERR_VALIDATION', reason: 'truncated' });
    expect(reasonOf('1')).toEqual({ code: 'ERR_VALIDATION', reason: 'truncated' });
  });

  it('refuses a digit group larger than its bytes', () => {
    expect(reasonOf(`1${'9'.repeat(17)}${vector.payload.slice(18)}`)).toEqual({ code: 'ERR_VALIDATION', reason: 'range' });
  });

  it('refuses a decompression bomb (the most a 4 KiB payload can inflate to) at 256 KiB', () => {
    const bomb = deflateSync(new Uint8Array(1536 * 1024), { level: 9, dictionary: DICTIONARY });
    const text = craft(bomb);
    expect(text.length).toBeLessThanOrEqual(QR_LIMITS.maxTextChars);
    expect(reasonOf(text)).toEqual({ code: 'ERR_PAYLOAD_TOO_LARGE', reason: 'too-large' });
  });

  it('accepts a credential just under the inflate limit and refuses one just over it', () => {
    const header = new TextEncoder().encode('{"alg":"EdDSA"}');
    const body = (n: number) => deflateSync(Buffer.concat([Uint8Array.of(header.length), header, Buffer.alloc(n - 1 - header.length, 0x61)]), { level: 9, dictionary: DICTIONARY });
    expect(refusal(() => decodeQrPayload(craft(body(QR_LIMITS.maxInflatedBytes))))).toBeNull();
    expect(reasonOf(craft(body(QR_LIMITS.maxInflatedBytes + 1)))).toEqual({ code: 'ERR_PAYLOAD_TOO_LARGE', reason: 'too-large' });
  });

  it('refuses a corrupt DEFLATE stream', () => {
    expect(reasonOf(craft(Uint8Array.of(0xff, 0xff, 0xff, 0xff)))).toEqual({ code: 'ERR_VALIDATION', reason: 'inflate' });
  });

  it('refuses a table that does not match the marks', () => {
    const text = (s: string) => deflateSync(new TextEncoder().encode(s), { level: 9, dictionary: DICTIONARY });
    const h = '\u000f{"alg":"EdDSA"}';
    expect(reasonOf(craft(text(`${h}{"id":"\u0010"}`), { counts: 0x20, table: new Uint8Array(32) }))).toEqual({ code: 'ERR_VALIDATION', reason: 'tokens' }); // entry 1 never used
    expect(reasonOf(craft(text(`${h}{"id":"\u0011\u0010"}`), { counts: 0x20, table: new Uint8Array(32) }))).toEqual({ code: 'ERR_VALIDATION', reason: 'tokens' }); // out of order
    expect(reasonOf(craft(text(`${h}{"id":"\u0010"}`)))).toEqual({ code: 'ERR_VALIDATION', reason: 'tokens' }); // no such entry
    expect(reasonOf(craft(text(`${h}{"id":"\u0005"}`)))).toEqual({ code: 'ERR_VALIDATION', reason: 'tokens' });
    expect(reasonOf(craft(text(`${h}{}`), { counts: 0x0f, table: new Uint8Array(15 * 32) }))).toEqual({ code: 'ERR_VALIDATION', reason: 'tokens' }); // more hashes than allowed
    expect(reasonOf(craft(text(`${h}{}`), { counts: 0xf0 }))).toEqual({ code: 'ERR_VALIDATION', reason: 'truncated' }); // table runs past the end
    expect(refusal(() => decodeQrPayload(craft(text(`${h}{"id":"\u0010","x":"\u0010"}`), { counts: 0x10, table: new Uint8Array(16) })))).toBeNull();
  });

  it('refuses a header length that does not fit', () => {
    const text = (s: string) => deflateSync(new TextEncoder().encode(s), { level: 9, dictionary: DICTIONARY });
    expect(reasonOf(craft(text('\u0000{}')))).toMatchObject({ code: 'ERR_VALIDATION' });
    expect(reasonOf(craft(text('\u0063{}')))).toEqual({ code: 'ERR_VALIDATION', reason: 'header-length' });
    expect(reasonOf(craft(text('\u0080\u0000{}')))).toEqual({ code: 'ERR_VALIDATION', reason: 'header-length' }); // not minimal
    expect(reasonOf(craft(text('\u0080\u0080\u0080\u0001{}')))).toEqual({ code: 'ERR_VALIDATION', reason: 'header-length' });
  });
});

describe('random mutation', () => {
  // A seeded generator, so a failure can be replayed.
  function rng(seed: number) {
    return () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  it('never crashes, and nothing but the original decodes to a JWT that verifies', async () => {
    const random = rng(20260601);
    const key = await importJWK(vector.publicJwk, 'EdDSA');
    const pick = (n: number) => Math.floor(random() * n);
    const digit = () => String(pick(10));
    let decoded = 0;
    for (let i = 0; i < 3000; i++) {
      let t = vector.payload;
      for (let k = 1 + pick(3); k > 0; k--) {
        const at = pick(t.length);
        switch (pick(6)) {
          case 0: t = t.slice(0, at) + digit() + t.slice(at + 1); break;
          case 1: t = t.slice(0, at) + digit() + t.slice(at); break;
          case 2: t = t.slice(0, at) + t.slice(at + 1); break;
          case 3: t = t.slice(0, at); break;
          case 4: t = t.slice(0, at) + t.slice(at, at + 17).split('').reverse().join('') + t.slice(at + 17); break;
          default: t = t.slice(0, at) + String.fromCharCode(pick(128)) + t.slice(at + 1);
        }
      }
      const e = refusal(() => decodeQrPayload(t));
      if (e) {
        expect(['ERR_VALIDATION', 'ERR_PAYLOAD_TOO_LARGE']).toContain(e.code);
        continue;
      }
      decoded++;
      const jwt = decodeQrPayload(t);
      if (jwt === vector.jwt) continue;
      await expect(compactVerify(jwt, key, { algorithms: ['EdDSA'] })).rejects.toThrow();
    }
    // Most mutations are refused by the codec itself; some survive to the signature check, which refuses them.
    expect(decoded).toBeGreaterThan(0);
  });
});
