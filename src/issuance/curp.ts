import crypto from 'node:crypto';
import { AppError } from '../errors.js';

/**
 * CURP (Clave Única de Registro de Población), as RENAPO's "Instructivo Normativo para la Asignación de la CURP"
 * lays it out: 18 characters, validated here for structure, a real birth date, the state list and the check digit.
 */
export interface Curp {
  /** The normalised key (trimmed, upper case): the form that is hashed. */
  curp: string;
  /** YYYY-MM-DD; the century comes from position 17 (a digit before 2000, a letter from 2000 on). */
  birthDate: string;
  sex: CurpSex;
  state: CurpState;
}

/** H hombre, M mujer, X no binario. */
export type CurpSex = 'H' | 'M' | 'X';

/** The 32 federal entities plus NE (nacido en el extranjero). DF stays the code for Mexico City. */
export const CURP_STATES = [
  'AS', 'BC', 'BS', 'CC', 'CL', 'CM', 'CS', 'CH', 'DF', 'DG', 'GT', 'GR', 'HG', 'JC', 'MC', 'MN', 'MS',
  'NT', 'NL', 'OC', 'PL', 'QT', 'QR', 'SP', 'SL', 'SR', 'TC', 'TS', 'TL', 'VZ', 'YN', 'ZS', 'NE',
] as const;
export type CurpState = (typeof CURP_STATES)[number];

const DICTIONARY = '0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ';
const STATES: ReadonlySet<string> = new Set(CURP_STATES);

// Position by position, so the error can say which part is wrong.
const PARTS: ReadonlyArray<{ from: number; to: number; re: RegExp; what: string }> = [
  { from: 0, to: 1, re: /^[A-Z]$/, what: 'position 1 (initial of the first surname) must be a letter' },
  { from: 1, to: 2, re: /^[AEIOUX]$/, what: 'position 2 (first inner vowel of the first surname) must be a vowel or X' },
  { from: 2, to: 4, re: /^[A-Z]{2}$/, what: 'positions 3-4 (initials of the second surname and the given name) must be letters' },
  { from: 4, to: 10, re: /^\d{6}$/, what: 'positions 5-10 (birth date YYMMDD) must be digits' },
  { from: 10, to: 11, re: /^[HMX]$/, what: 'position 11 (sex) must be H, M or X' },
  { from: 13, to: 16, re: /^[B-DF-HJ-NP-TV-Z]{3}$/, what: 'positions 14-16 (inner consonants) must be consonants' },
  { from: 16, to: 17, re: /^[0-9A-Z]$/, what: 'position 17 (homoclave) must be a digit or a letter' },
  { from: 17, to: 18, re: /^\d$/, what: 'position 18 (check digit) must be a digit' },
];

/** Parses and validates a CURP; throws `ERR_INVALID_CURP` naming the first thing wrong with it. */
export function parseCurp(input: unknown): Curp {
  if (typeof input !== 'string') throw invalid('a CURP must be a string');
  const curp = input.trim().toUpperCase();
  if (curp.length !== 18) throw invalid(`a CURP has 18 characters, this one has ${curp.length}`);
  for (const p of PARTS) if (!p.re.test(curp.slice(p.from, p.to))) throw invalid(p.what);
  const state = curp.slice(11, 13);
  if (!STATES.has(state)) throw invalid(`positions 12-13 (${state}) are not a state code`);
  const birthDate = birthDateOf(curp);
  if (birthDate === null) throw invalid(`positions 5-10 (${curp.slice(4, 10)}) are not a real date`);
  const expected = curpCheckDigit(curp.slice(0, 17));
  if (curp[17] !== expected) throw invalid(`the check digit is ${curp[17]} but the first 17 characters give ${expected}`);
  return { curp, birthDate, sex: curp[10] as CurpSex, state: state as CurpState };
}

/** The normalised CURP (trimmed, upper case), or `ERR_INVALID_CURP`. */
export function validateCurp(input: unknown): string {
  return parseCurp(input).curp;
}

/**
 * The check digit for the first 17 characters: each character's value in the dictionary times a weight from
 * 18 down to 2, summed; the digit is (10 - sum mod 10) mod 10.
 */
export function curpCheckDigit(first17: string): string {
  if (first17.length !== 17) throw new TypeError('the check digit is computed over exactly 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = DICTIONARY.indexOf(first17[i] as string);
    if (value < 0) throw new TypeError(`"${first17[i]}" is not in the CURP dictionary`);
    sum += value * (18 - i);
  }
  return String((10 - (sum % 10)) % 10);
}

/**
 * The Open Badges 3.0 IdentityHash of a CURP: `sha256$` + hex SHA-256 of the normalised CURP followed by the salt
 * (OB 3.0 appends the salt to the identifier). The salt keeps a hash from being matched against a list of all
 * CURPs; an employer holding the ID card and the credential's salt can recompute it.
 */
export function hashCurp(curp: string, salt: string): string {
  if (!/^[A-Za-z0-9_-]{22}$/.test(salt)) throw new TypeError('the salt must be 16 random bytes in base64url');
  const normalised = validateCurp(curp);
  return `sha256$${crypto.createHash('sha256').update(normalised + salt, 'utf8').digest('hex')}`;
}

/** A fresh salt for `hashCurp`: 16 random bytes, base64url. */
export function newCurpSalt(randomBytes: (n: number) => Uint8Array = crypto.randomBytes): string {
  return Buffer.from(randomBytes(16)).toString('base64url');
}

/** Does the CURP someone typed match a credential's hash? Never throws: a mistyped CURP simply does not match. */
export function curpMatchesHash(typed: string, identityHash: string, salt: string): boolean {
  let candidate: string;
  try {
    candidate = hashCurp(typed, salt);
  } catch {
    return false;
  }
  const a = Buffer.from(candidate);
  const b = Buffer.from(typeof identityHash === 'string' ? identityHash.toLowerCase() : '');
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

function birthDateOf(curp: string): string | null {
  const yy = Number(curp.slice(4, 6));
  const mm = Number(curp.slice(6, 8));
  const dd = Number(curp.slice(8, 10));
  const century = /\d/.test(curp[16] as string) ? 1900 : 2000;
  const year = century + yy;
  const d = new Date(Date.UTC(year, mm - 1, dd));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== mm - 1 || d.getUTCDate() !== dd) return null;
  return `${year}-${curp.slice(6, 8)}-${curp.slice(8, 10)}`;
}

function invalid(reason: string): AppError {
  return new AppError('ERR_INVALID_CURP', `Invalid CURP: ${reason}`);
}
