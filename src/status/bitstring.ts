import { constants, gzipSync } from 'node:zlib';
import { MIN_LIST_LENGTH } from '../vc/index.js';

/*
 * The publisher's half of the bitstring format (the layout and the one decoder are in `src/vc/bitstring.ts`):
 * zlib here is computation, not I/O, so the status core stays pure, but it is Node's, so it stays out of the
 * browser-safe credential core.
 */

/** The `encodedList` value: `u` + base64url(gzip(bits)). */
export function encodeBitstring(bits: Uint8Array): string {
  if (bits.length * 8 < MIN_LIST_LENGTH) throw new TypeError(`a published bitstring needs at least ${MIN_LIST_LENGTH} bits, got ${bits.length * 8}`);
  // A status list is long runs of zero bytes: run-length deflate is ~100× faster than level 9 on it (which walks
  // long hash chains over the zeros) and comes out smaller than level 6. Any gunzip reads it.
  return `u${gzipSync(bits, { strategy: constants.Z_RLE }).toString('base64url')}`;
}
