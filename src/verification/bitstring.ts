import { base64url } from 'jose';
import type { DecodedList } from '../status/index.js';
import { MIN_LIST_LENGTH } from '../status/model.js';
import { LIMITS, readAtMost } from './limits.js';

/**
 * Decodes a status list's `encodedList` (multibase `u` + base64url of GZIP) as `status/bitstring.ts` does, but with
 * the web platform's DecompressionStream instead of node:zlib, so the verifier also runs in a browser. The output
 * is counted while it streams and the stream is cancelled at the cap: a gzip bomb stops at `maxBytes`.
 */
export async function decodeEncodedList(encoded: unknown, limits: { maxBytes?: number; minLength?: number } = {}): Promise<DecodedList> {
  const maxBytes = limits.maxBytes ?? LIMITS.statusListBytes;
  const minLength = limits.minLength ?? MIN_LIST_LENGTH;
  if (typeof encoded !== 'string' || !encoded.startsWith('u')) {
    return { ok: false, code: 'MALFORMED_VALUE_ERROR', message: 'encodedList must be a string with the multibase prefix "u" (base64url)' };
  }
  const body = encoded.slice(1);
  if (!/^[A-Za-z0-9_-]*$/.test(body) || body.length % 4 === 1) {
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

/** Bit 0 is the left-most bit of the first byte (Bitstring Status List §3.1), as `status/bitstring.ts` writes it. */
export function bitAt(bits: Uint8Array, index: number): boolean {
  return ((bits[index >> 3] ?? 0) & (0x80 >> (index & 7))) !== 0;
}
