import { base64url } from 'jose';
import { readAtMost } from './bytes.js';

/*
 * The bitstring of Bitstring Status List v1.0 §2.1 and §3.1: bit 0 is the left-most (most significant) bit of
 * the first byte; the published form is GZIP, then base64url without padding, behind the multibase prefix `u`.
 * Everything here runs in a browser: decoding uses the web platform's DecompressionStream. Encoding needs a
 * compressor tuned for long runs of zeros and lives with the publisher (`src/status/bitstring.ts`).
 */

/** The W3C minimum (Bitstring Status List v1.0 §2.1): 16 KiB of bits, so one index hides among 131,072. */
export const MIN_LIST_LENGTH = 131_072;

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

/** Our own index out of range is a bug (TypeError); a verifier checks an index from outside against `length` first. */
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

/** The reason codes are the spec's (§3.2), so a verifier can report them as they are. */
export type DecodedList =
  | { ok: true; bits: Uint8Array; length: number }
  | { ok: false; code: 'MALFORMED_VALUE_ERROR' | 'STATUS_LIST_LENGTH_ERROR'; message: string };

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Decodes an `encodedList` that came from outside: the one decoder, for the verifier (in Node and in browsers) and
 * for the service's own checks. Bad input is a result, not an exception: a verifier turns it into a failed check.
 * The output is counted while it streams and the stream is cancelled at the cap: a gzip bomb stops at `maxBytes`.
 */
export async function decodeEncodedList(encoded: unknown, limits: { maxBytes?: number; minLength?: number } = {}): Promise<DecodedList> {
  const maxBytes = limits.maxBytes ?? MAX_DECODED_BYTES;
  const minLength = limits.minLength ?? MIN_LIST_LENGTH;
  if (typeof encoded !== 'string' || !encoded.startsWith('u')) {
    return { ok: false, code: 'MALFORMED_VALUE_ERROR', message: 'encodedList must be a string with the multibase prefix "u" (base64url)' };
  }
  const body = encoded.slice(1);
  if (!BASE64URL.test(body) || body.length % 4 === 1) {
    return { ok: false, code: 'MALFORMED_VALUE_ERROR', message: 'encodedList is not base64url without padding' };
  }
  const compressed = base64url.decode(body);
  let bits: Uint8Array | null;
  try {
    const source = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(compressed);
        controller.close();
      },
    });
    bits = await readAtMost(source.pipeThrough(new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>), maxBytes);
  } catch {
    return { ok: false, code: 'MALFORMED_VALUE_ERROR', message: 'encodedList is not GZIP data' };
  }
  if (!bits) return { ok: false, code: 'STATUS_LIST_LENGTH_ERROR', message: `encodedList decompresses to more than ${maxBytes} bytes` };
  if (bits.byteLength * 8 < minLength) {
    return { ok: false, code: 'STATUS_LIST_LENGTH_ERROR', message: `the list has ${bits.byteLength * 8} entries; at least ${minLength} are required` };
  }
  return { ok: true, bits, length: bits.byteLength * 8 };
}
