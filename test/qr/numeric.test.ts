import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bytesToDigits, digitCount, digitsToBytes } from '../../src/qr/index.js';

describe('bytes as numeric-mode digits', () => {
  it('writes 7 bytes as 17 digits and a last group of k bytes as 3, 5, 8, 10, 13 or 15', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 14].map((n) => bytesToDigits(new Uint8Array(n).fill(0xff)).length)).toEqual([0, 3, 5, 8, 10, 13, 15, 17, 20, 34]);
    expect(bytesToDigits(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff))).toBe('72057594037927935');
    expect(bytesToDigits(Uint8Array.of(0, 1))).toBe('00001');
  });

  it('round-trips every length from 0 to 64, random and extreme bytes', () => {
    for (let n = 0; n <= 64; n++) {
      for (const bytes of [crypto.randomBytes(n), new Uint8Array(n), new Uint8Array(n).fill(0xff)]) {
        const digits = bytesToDigits(bytes);
        expect(digits.length).toBe(digitCount(n));
        expect(digitsToBytes(digits)).toEqual(new Uint8Array(bytes));
      }
    }
  });

  it('refuses other characters, impossible lengths and groups too large for their bytes', () => {
    expect(digitsToBytes('12a')).toBe('alphabet');
    expect(digitsToBytes('1 2')).toBe('alphabet');
    expect(digitsToBytes('١٢٣')).toBe('alphabet');
    for (const n of [1, 2, 4, 6, 7, 9, 11, 12, 14, 16, 18]) expect(digitsToBytes('0'.repeat(n)), `${n} digits`).toBe('length');
    expect(digitsToBytes('256')).toBe('range');
    expect(digitsToBytes('72057594037927936')).toBe('range');
    expect(digitsToBytes('99999999999999999')).toBe('range');
    expect(digitsToBytes('255')).toEqual(Uint8Array.of(255));
  });
});
