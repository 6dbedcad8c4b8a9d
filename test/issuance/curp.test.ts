import crypto from 'node:crypto';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CURP_STATES, curpCheckDigit, curpMatchesHash, hashCurp, newCurpSalt, parseCurp, validateCurp } from '../../src/issuance/curp.js';

interface Vectors {
  valid: Array<{ curp: string; birthDate: string; sex: string; state: string }>;
  wrongCheckDigit: Array<{ curp: string; expectedDigit: string }>;
}
const vectors = JSON.parse(fs.readFileSync(new URL('../vectors/curp.json', import.meta.url), 'utf8')) as Vectors;

const SALT = 'q0Zk3mYl1Qm1mFQ4a1b2cA';

function invalidBecause(curp: string, reason: RegExp) {
  expect(() => parseCurp(curp)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_CURP', message: expect.stringMatching(reason) }));
}

/** Our own generator: a random well-formed 17-character prefix, then its check digit. */
function randomCurp(rnd: (n: number) => number): string {
  const pick = (s: string) => s[rnd(s.length)]!;
  const L = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const C = 'BCDFGHJKLMNPQRSTVWXYZ';
  const born2000s = rnd(2) === 1;
  const d = new Date(Date.UTC(born2000s ? 2000 + rnd(25) : 1930 + rnd(70), rnd(12), 1 + rnd(28)));
  const yymmdd = d.toISOString().slice(2, 10).replace(/-/g, '');
  const prefix =
    pick(L) + pick('AEIOUX') + pick(L) + pick(L) + yymmdd + pick('HMX') + CURP_STATES[rnd(CURP_STATES.length)]! +
    pick(C) + pick(C) + pick(C) + (born2000s ? pick(L) : pick('0123456789'));
  return prefix + curpCheckDigit(prefix);
}

describe('parseCurp', () => {
  it.each(vectors.valid)('accepts the published CURP $curp', ({ curp, birthDate, sex, state }) => {
    expect(parseCurp(curp)).toEqual({ curp, birthDate, sex, state });
  });

  it.each(vectors.wrongCheckDigit)('refuses $curp, whose check digit should be $expectedDigit', ({ curp, expectedDigit }) => {
    invalidBecause(curp, new RegExp(`check digit is ${curp[17]} but the first 17 characters give ${expectedDigit}`));
  });

  it('accepts CURPs made by our own check-digit generator, and refuses each with any other digit', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let i = 0; i < 200; i++) {
      const curp = randomCurp(rnd);
      expect(validateCurp(curp)).toBe(curp);
      const wrong = String((Number(curp[17]) + 1 + rnd(9)) % 10);
      invalidBecause(curp.slice(0, 17) + wrong, /check digit/);
    }
  });

  it('normalises case and surrounding spaces', () => {
    expect(validateCurp('  sabc560626mdflrn01\n')).toBe('SABC560626MDFLRN01');
  });

  it('knows the century from the homoclave: a letter means born in 2000 or later', () => {
    const prefix = 'PERJ000229HDFRRN';
    expect(parseCurp(`${prefix}A${curpCheckDigit(`${prefix}A`)}`).birthDate).toBe('2000-02-29');
    const p2 = 'PERJ010229HDFRRNA';
    invalidBecause(p2 + curpCheckDigit(p2), /not a real date/); // 2001 was not a leap year
  });

  it.each([
    ['too short', 'SABC560626MDFLRN0', /18 characters, this one has 17/],
    ['too long', 'SABC560626MDFLRN011', /18 characters, this one has 19/],
    ['a digit as first letter', '1ABC560626MDFLRN01', /position 1/],
    ['a consonant in position 2', 'SBBC560626MDFLRN01', /position 2/],
    ['a letter in the date', 'SABC56O626MDFLRN01', /positions 5-10/],
    ['month 13', 'SABC561326MDFLRN01', /not a real date/],
    ['31 April', 'SABC560431MDFLRN01', /not a real date/],
    ['sex Z', 'SABC560626ZDFLRN01', /position 11/],
    ['state XX', 'SABC560626MXXLRN01', /positions 12-13 \(XX\)/],
    ['a vowel among the consonants', 'SABC560626MDFARN01', /positions 14-16/],
    ['a symbol as homoclave', 'SABC560626MDFLRN*1', /position 17/],
    ['a letter as check digit', 'SABC560626MDFLRN0A', /position 18/],
    ['a wrong check digit', 'SABC560626MDFLRN02', /check digit is 2 but the first 17 characters give 1/],
  ])('refuses %s', (_what, curp, reason) => invalidBecause(curp, reason));

  it('refuses something that is not a string', () => {
    expect(() => parseCurp(123456789012345678)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_CURP' }));
    expect(() => parseCurp(undefined)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_CURP' }));
  });

  it('accepts births abroad (NE) and the non-binary sex marker', () => {
    const p = 'GAXX900101XNEMRT0';
    expect(parseCurp(p + curpCheckDigit(p))).toMatchObject({ sex: 'X', state: 'NE', birthDate: '1990-01-01' });
  });
});

describe('curpCheckDigit', () => {
  it('follows the RENAPO worked example', () => {
    expect(curpCheckDigit('SABC560626MDFLRN0')).toBe('1');
  });

  it('counts Ñ as the 25th character of the dictionary', () => {
    // With Ñ at 24 and every later letter one place further on, N and Ñ and O give three different sums.
    const digits = ['N', 'Ñ', 'O'].map((c) => curpCheckDigit(`${c}ABC560626MDFLRN0`));
    expect(new Set(digits).size).toBe(3);
  });
});

describe('hashCurp', () => {
  it('is sha256$ and the hex SHA-256 of the CURP followed by the salt (Open Badges IdentityHash)', () => {
    const expected = crypto.createHash('sha256').update(`SABC560626MDFLRN01${SALT}`).digest('hex');
    expect(hashCurp('SABC560626MDFLRN01', SALT)).toBe(`sha256$${expected}`);
  });

  it('hashes the normalised CURP, so the CURP as typed from an ID card matches', () => {
    expect(hashCurp(' sabc560626mdflrn01 ', SALT)).toBe(hashCurp('SABC560626MDFLRN01', SALT));
  });

  it('gives another hash under another salt', () => {
    expect(hashCurp('SABC560626MDFLRN01', newCurpSalt())).not.toBe(hashCurp('SABC560626MDFLRN01', SALT));
  });

  it('refuses an invalid CURP and treats a malformed salt as a bug', () => {
    expect(() => hashCurp('SABC560626MDFLRN02', SALT)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_CURP' }));
    expect(() => hashCurp('SABC560626MDFLRN01', 'short')).toThrow(TypeError);
  });

  it('makes salts of 16 random bytes', () => {
    expect(newCurpSalt(() => new Uint8Array(16).fill(255))).toBe('_____________________w');
    expect(newCurpSalt()).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});

describe('curpMatchesHash', () => {
  const hash = hashCurp('SABC560626MDFLRN01', SALT);

  it('matches the CURP the hash was made from, however it is typed', () => {
    expect(curpMatchesHash('sabc560626mdflrn01', hash, SALT)).toBe(true);
  });

  it('does not match another CURP, a mistyped one, or another salt', () => {
    expect(curpMatchesHash('HEGG560427MVZRRL04', hash, SALT)).toBe(false);
    expect(curpMatchesHash('SABC560626MDFLRN0', hash, SALT)).toBe(false);
    expect(curpMatchesHash('SABC560626MDFLRN01', hash, 'AAAAAAAAAAAAAAAAAAAAAA')).toBe(false);
    expect(curpMatchesHash('SABC560626MDFLRN01', hash, 'bad salt')).toBe(false);
  });
});
