import { gunzipSync, gzipSync } from 'node:zlib';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeBitstring, MIN_LIST_LENGTH } from '../../src/status/index.js';
import { bitstringWith, decodeEncodedList, emptyBitstring, getBit, publishedLength, setBit } from '../../src/vc/index.js';

const specExample = JSON.parse(fs.readFileSync(new URL('./vectors/spec-example-empty-list.json', import.meta.url), 'utf8'));

describe('bitstring', () => {
  it('puts index 0 in the left-most bit of the first byte', () => {
    const bits = emptyBitstring(16);
    setBit(bits, 0, true);
    setBit(bits, 9, true);
    expect([...bits]).toEqual([0b1000_0000, 0b0100_0000]);
    expect(getBit(bits, 0)).toBe(true);
    expect(getBit(bits, 1)).toBe(false);
    setBit(bits, 0, false);
    expect([...bits]).toEqual([0, 0b0100_0000]);
  });

  it('encodes as "u" + base64url (no padding) of GZIP', () => {
    const bits = bitstringWith(MIN_LIST_LENGTH, [3, 94_567, MIN_LIST_LENGTH - 1]);
    const encoded = encodeBitstring(bits);
    expect(encoded).toMatch(/^u[A-Za-z0-9_-]+$/);
    const raw = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
    expect(raw.length).toBe(MIN_LIST_LENGTH / 8);
    expect(raw[3 >> 3]).toBe(0b0001_0000);
    expect(raw.at(-1)).toBe(1);
  });

  it('round-trips through decode', async () => {
    const set = [0, 7, 8, 65_535, 131_071];
    const decoded = await decodeEncodedList(encodeBitstring(bitstringWith(MIN_LIST_LENGTH, set)));
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.length).toBe(MIN_LIST_LENGTH);
    const found: number[] = [];
    for (let i = 0; i < decoded.length; i++) if (getBit(decoded.bits, i)) found.push(i);
    expect(found).toEqual(set);
  });

  it('decodes the specification example as 131,072 entries, all clear', async () => {
    const decoded = await decodeEncodedList(specExample.credentialSubject.encodedList);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.length).toBe(131_072);
    expect(decoded.bits.every((b) => b === 0)).toBe(true);
    expect(getBit(decoded.bits, 94_567)).toBe(false);
  });

  it('never publishes fewer than 131,072 entries', () => {
    expect(publishedLength(64)).toBe(MIN_LIST_LENGTH);
    expect(publishedLength(1_048_576)).toBe(1_048_576);
    expect(publishedLength(131_073)).toBe(131_080);
    expect(() => encodeBitstring(emptyBitstring(1024))).toThrow(TypeError);
  });

  it('reports malformed and oversized lists as results with the spec reason codes', async () => {
    expect(await decodeEncodedList(42)).toMatchObject({ ok: false, code: 'MALFORMED_VALUE_ERROR' });
    expect(await decodeEncodedList('zabc')).toMatchObject({ ok: false, code: 'MALFORMED_VALUE_ERROR' });
    expect(await decodeEncodedList('u$$$')).toMatchObject({ ok: false, code: 'MALFORMED_VALUE_ERROR' });
    expect(await decodeEncodedList(`u${Buffer.from('not gzip').toString('base64url')}`)).toMatchObject({ ok: false, code: 'MALFORMED_VALUE_ERROR' });
    const short = `u${gzipSync(Buffer.alloc(1024)).toString('base64url')}`;
    expect(await decodeEncodedList(short)).toMatchObject({ ok: false, code: 'STATUS_LIST_LENGTH_ERROR' });
    // A gzip bomb: 64 MiB of zeros compresses to ~64 KiB; decoding stops at the 2 MiB cap.
    const bomb = `u${gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 }).toString('base64url')}`;
    expect(await decodeEncodedList(bomb)).toMatchObject({ ok: false, code: 'STATUS_LIST_LENGTH_ERROR' });
  });

  it('treats an out-of-range index as a programming error', () => {
    const bits = emptyBitstring(8);
    expect(() => setBit(bits, 8, true)).toThrow(TypeError);
    expect(() => getBit(bits, -1)).toThrow(TypeError);
  });
});
