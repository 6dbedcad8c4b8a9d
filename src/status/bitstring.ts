import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { MIN_LIST_LENGTH } from './model.js';

/*
 * The bitstring of Bitstring Status List v1.0 §2.1 and §3.1: bit 0 is the left-most (most significant) bit of
 * the first byte; the published form is GZIP, then base64url without padding, behind the multibase prefix `u`.
 * zlib here is computation, not I/O: the core stays pure.
 */

/** promise 4 of docs/reliability.md: a decompressed list above this is refused, whatever the compressed size. */
export const MAX_DECODED_BYTES = 2 * 1024 * 1024;

/** The length a list is published at: never below the W3C minimum, whole bytes. */
export function publishedLength(capacity: number): number {
  if (!Number.isSafeInteger(capacity) || capacity <= 0) throw new TypeError(`capacity must be a positive integer, got ${capacity}`);
  return Math.ceil(Math.max(capacity, MIN_LIST_LENGTH) / 8) * 8;
}

export function emptyBitstring(length: number): Uint8Array {
  if (!Number.isSafeInteger(length) || length <= 0 || length % 8 !== 0) throw new TypeError(`length must be a positive multiple of 8, got ${length}`);
  return new Uint8Array(length / 8);
}

function assertIndex(bits: Uint8Array, index: number): void {
  if (!Number.isSafeInteger(index) || index < 0 || index >= bits.length * 8) {
    throw new TypeError(`index ${index} is outside a bitstring of ${bits.length * 8} bits`);
  }
}

export function setBit(bits: Uint8Array, index: number, value: boolean): void {
  assertIndex(bits, index);
  const mask = 0x80 >> index % 8;
  const i = Math.floor(index / 8);
  bits[i] = value ? bits[i]! | mask : bits[i]! & ~mask;
}

export function getBit(bits: Uint8Array, index: number): boolean {
  assertIndex(bits, index);
  return (bits[Math.floor(index / 8)]! & (0x80 >> index % 8)) !== 0;
}

/** A bitstring of `length` bits with exactly the given indexes set. */
export function bitstringWith(length: number, set: Iterable<number>): Uint8Array {
  const bits = emptyBitstring(length);
  for (const i of set) setBit(bits, i, true);
  return bits;
}

/** The `encodedList` value: `u` + base64url(gzip(bits)). */
export function encodeBitstring(bits: Uint8Array): string {
  if (bits.length * 8 < MIN_LIST_LENGTH) throw new TypeError(`a published bitstring needs at least ${MIN_LIST_LENGTH} bits, got ${bits.length * 8}`);
  // A status list is long runs of zero bytes: run-length deflate is ~100× faster than level 9 on it (which walks
  // long hash chains over the zeros) and comes out smaller than level 6. Any gunzip reads it.
  return `u${gzipSync(bits, { strategy: constants.Z_RLE }).toString('base64url')}`;
}

/** The reason codes are the spec's (§3.2), so a verifier can report them as they are. */
export type DecodedList =
  | { ok: true; bits: Uint8Array; length: number }
  | { ok: false; code: 'MALFORMED_VALUE_ERROR' | 'STATUS_LIST_LENGTH_ERROR'; message: string };

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Decodes an `encodedList` that came from outside. Bad input is a result, not an exception: a verifier turns it
 * into a failed check. The decompressed size is capped before it is allocated (a gzip bomb stops at the cap).
 */
export function decodeEncodedList(encoded: unknown, limits: { maxBytes?: number; minLength?: number } = {}): DecodedList {
  const maxBytes = limits.maxBytes ?? MAX_DECODED_BYTES;
  const minLength = limits.minLength ?? MIN_LIST_LENGTH;
  if (typeof encoded !== 'string' || !encoded.startsWith('u')) {
    return { ok: false, code: 'MALFORMED_VALUE_ERROR', message: 'encodedList must be a string with the multibase prefix "u" (base64url)' };
  }
  const body = encoded.slice(1);
  if (!BASE64URL.test(body) || body.length % 4 === 1) {
    return { ok: false, code: 'MALFORMED_VALUE_ERROR', message: 'encodedList is not base64url without padding' };
  }
  let bits: Buffer;
  try {
    bits = gunzipSync(Buffer.from(body, 'base64url'), { maxOutputLength: maxBytes });
  } catch (e) {
    const tooLarge = (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError;
    return tooLarge
      ? { ok: false, code: 'STATUS_LIST_LENGTH_ERROR', message: `encodedList decompresses to more than ${maxBytes} bytes` }
      : { ok: false, code: 'MALFORMED_VALUE_ERROR', message: 'encodedList is not GZIP data' };
  }
  if (bits.length * 8 < minLength) {
    return { ok: false, code: 'STATUS_LIST_LENGTH_ERROR', message: `the list has ${bits.length * 8} entries; at least ${minLength} are required` };
  }
  return { ok: true, bits: new Uint8Array(bits.buffer, bits.byteOffset, bits.length), length: bits.length * 8 };
}
