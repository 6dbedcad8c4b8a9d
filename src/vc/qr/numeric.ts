/**
 * Bytes as decimal digits, for a QR code's numeric mode (10 bits per 3 digits: the densest mode a QR code has).
 * Every 7 bytes, read as a big-endian unsigned integer, become exactly 17 digits (2^56 < 10^17), zero-padded on
 * the left; a last group of k < 7 bytes becomes the fewest digits that can hold 2^(8k) - 1. Those widths (3, 5,
 * 8, 10, 13, 15 for k = 1…6) differ from each other and from 17, so the length of the text alone says how many
 * bytes the last group holds. 98.8 % as dense as the raw bits, with no big-number arithmetic beyond 56 bits.
 */

const GROUP_BYTES = 7;
const GROUP_DIGITS = 17;
/** Digits for a group of k bytes, k = 0…7: ceil(8k · log10 2). */
const DIGITS_FOR_BYTES = [0, 3, 5, 8, 10, 13, 15, 17] as const;

/** Digits that `bytesToDigits` makes from `n` bytes. */
export function digitCount(n: number): number {
  return Math.floor(n / GROUP_BYTES) * GROUP_DIGITS + DIGITS_FOR_BYTES[n % GROUP_BYTES]!;
}

export function bytesToDigits(bytes: Uint8Array): string {
  let out = '';
  for (let at = 0; at < bytes.length; at += GROUP_BYTES) {
    const group = bytes.subarray(at, at + GROUP_BYTES);
    let value = 0n;
    for (const b of group) value = (value << 8n) | BigInt(b);
    out += value.toString(10).padStart(DIGITS_FOR_BYTES[group.length]!, '0');
  }
  return out;
}

/** Why digits could not be read as bytes; the caller turns it into its own error. */
export type DigitsProblem = 'alphabet' | 'length' | 'range';

/**
 * The inverse of `bytesToDigits`, strict: only ASCII digits, a length that some byte count gives, and each group
 * below 2^(8k). So every byte string has exactly one text and every accepted text exactly one byte string.
 */
export function digitsToBytes(digits: string): Uint8Array | DigitsProblem {
  if (!/^[0-9]*$/.test(digits)) return 'alphabet';
  const fullGroups = Math.floor(digits.length / GROUP_DIGITS);
  const tailBytes = DIGITS_FOR_BYTES.indexOf(digits.length % GROUP_DIGITS as (typeof DIGITS_FOR_BYTES)[number]);
  if (tailBytes < 0) return 'length';
  const out = new Uint8Array(fullGroups * GROUP_BYTES + tailBytes);
  let o = 0;
  for (let at = 0; at < digits.length; ) {
    const width = at + GROUP_DIGITS <= digits.length ? GROUP_DIGITS : DIGITS_FOR_BYTES[tailBytes]!;
    const nBytes = width === GROUP_DIGITS ? GROUP_BYTES : tailBytes;
    let value = BigInt(digits.slice(at, at + width));
    if (value >> BigInt(8 * nBytes) !== 0n) return 'range';
    for (let i = nBytes - 1; i >= 0; i--) {
      out[o + i] = Number(value & 0xffn);
      value >>= 8n;
    }
    o += nBytes;
    at += width;
  }
  return out;
}
