import { Inflate, deflateSync } from 'fflate';
import { base64url } from 'jose';
import { AppError } from '../../errors.js';
import { DICTIONARY_V1 } from './dictionary.js';
import { bytesToDigits, digitsToBytes } from './numeric.js';

/**
 * QR payload format 1: a VC-JWT (compact JWS) carried losslessly in the digits of a QR code's numeric mode.
 *
 *   text     = "1" digits                         "1" is the format version; later formats take another first character
 *   digits   = numeric(binary)                    7 bytes -> 17 digits, see numeric.ts
 *   binary   = sig(64) counts(1) table deflated   raw JWS signature; counts = u << 4 | h (u 0-15, h 0-8)
 *   table    = u × 16 bytes, then h × 32 bytes     distinct UUIDs, then distinct 64-hex-digit strings, in order of first use
 *   deflated = raw DEFLATE (RFC 1951), preset dictionary DICTIONARY_V1, to the end of binary, of:
 *   inflated = varint(n) marked(header payload)    n = the header's length in bytes; varint: unsigned LEB128, minimal
 *
 * `header` and `payload` are the base64url-decoded JWS segments; `marked` means that each lowercase UUID
 * (8-4-4-4-12 hex digits) is replaced by the byte 0x10 + j, j its table entry, and then each run of 64 lowercase hex
 * digits by 0x00 + j; the decoder writes the entries back as lowercase hex. JSON text never holds a control byte
 * other than tab, LF and CR, and these random values are what DEFLATE compresses worst. Every other byte is kept, so the decoder rebuilds the
 * exact token the issuer signed and hands it to the ordinary VC-JWT verifier: the QR form needs no checks of its own.
 */
export const QR_FORMAT_V1 = '1';

export const QR_LIMITS = Object.freeze({
  /** promise 4 of docs/reliability.md: the payload text a decoder reads at most. */
  maxTextChars: 4096,
  /** promise 4 of docs/reliability.md: inflation stops as soon as the output passes this. */
  maxInflatedBytes: 256 * 1024,
});

const SIGNATURE_BYTES = 64;
/** Table entry j is written in the text as the byte HEX64_MARK + j or UUID_MARK + j. */
const HEX64_MARK = 0x00;
const UUID_MARK = 0x10;
/** A credential has about eight distinct UUIDs and one hash; any beyond these stay as text. */
const MAX_HEX64S = 8;
const MAX_UUIDS = 15;
/** Bytes no JSON text holds (controls other than tab, LF, CR): the marks come from here. */
const NOT_IN_JSON = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
const UUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const HEX64_RE = /[0-9a-f]{64}/g;
const DICTIONARY = new TextEncoder().encode(DICTIONARY_V1);
// Feeding the inflater a few bytes at a time bounds what one step can emit (DEFLATE expands at most ~1032:1),
// so a bomb is stopped a few kilobytes past the limit instead of after it has filled memory.
const INFLATE_STEP = 16;

export type QrPayloadProblem =
  | 'too-long'
  | 'unknown-version'
  | 'alphabet'
  | 'length'
  | 'range'
  | 'truncated'
  | 'inflate'
  | 'too-large'
  | 'tokens'
  | 'header-length';

/** Encodes a VC-JWT as format-1 payload text (digits only). */
export function encodeQrPayload(jwt: string): string {
  if (typeof jwt !== 'string') throw new TypeError('encodeQrPayload takes a compact JWS string');
  const parts = jwt.split('.');
  if (parts.length !== 3) throw unsupported('it is not a compact JWS (three base64url parts)');
  const [header, payload, signature] = parts.map(strictBase64url) as [Uint8Array | null, Uint8Array | null, Uint8Array | null];
  if (!header || !payload || !signature || header.length === 0 || payload.length === 0) throw unsupported('a part is empty or not canonical base64url, so the token could not be rebuilt exactly');
  if (signature.length !== SIGNATURE_BYTES) throw unsupported(`format 1 carries a ${SIGNATURE_BYTES}-byte signature (EdDSA Ed25519), this one has ${signature.length}`);
  const body = concat(header, payload);
  if (body.length > QR_LIMITS.maxInflatedBytes) throw tooLarge('the token is larger than a QR payload may inflate to');
  const bodyText = latin1(body);
  if (NOT_IN_JSON.test(bodyText)) throw unsupported('its header or payload holds a control byte, which no JSON text does');
  const { text, uuids, hex64s } = tokenize(bodyText);
  const inflated = concat(leb128(header.length), fromLatin1(text));
  const binary = concat(
    signature,
    Uint8Array.of((uuids.length << 4) | hex64s.length),
    ...uuids,
    ...hex64s,
    deflateSync(inflated, { level: 9, mem: 12, dictionary: DICTIONARY }),
  );
  const out = QR_FORMAT_V1 + bytesToDigits(binary);
  // Never print a code that our own decoder would refuse.
  if (out.length > QR_LIMITS.maxTextChars) throw tooLarge(`the token needs ${out.length} digits; a QR payload holds at most ${QR_LIMITS.maxTextChars}`);
  return out;
}

/**
 * Decodes format-1 payload text back into the exact VC-JWT. Refuses, with an `AppError`, anything that is not a
 * well-formed payload within the limits; it never throws anything else for any input string. The JWT it returns
 * is unverified: give it to the VC-JWT verifier.
 */
export function decodeQrPayload(text: string): string {
  if (typeof text !== 'string') throw new TypeError('decodeQrPayload takes the payload text');
  if (text.length > QR_LIMITS.maxTextChars) throw tooLarge(`the QR payload has ${text.length} characters; at most ${QR_LIMITS.maxTextChars} are read`, 'too-long');
  if (text.length === 0 || text[0] !== QR_FORMAT_V1) throw malformed('unknown-version', 'it does not start with a known format version');
  const binary = digitsToBytes(text.slice(1));
  if (typeof binary === 'string') throw malformed(binary, DIGIT_PROBLEMS[binary]);
  if (binary.length < SIGNATURE_BYTES + 2) throw malformed('truncated', 'it is too short to hold a signature and a credential');
  const signature = binary.subarray(0, SIGNATURE_BYTES);
  const counts = binary[SIGNATURE_BYTES]!;
  const nUuids = counts >> 4;
  const nHex64s = counts & 0x0f;
  if (nHex64s > MAX_HEX64S) throw malformed('tokens', 'it counts more hash entries than format 1 allows');
  const tableStart = SIGNATURE_BYTES + 1;
  const deflateStart = tableStart + nUuids * 16 + nHex64s * 32;
  if (deflateStart >= binary.length) throw malformed('truncated', 'it ends inside its table of identifiers');
  const inflated = boundedInflate(binary.subarray(deflateStart), QR_LIMITS.maxInflatedBytes);
  const length = readLeb128(inflated);
  if (!length) throw malformed('header-length', 'it does not start with the JWS header length');
  const body = untokenize(latin1(inflated.subarray(length.next)), binary.subarray(tableStart, deflateStart), nUuids, nHex64s);
  if (length.value === 0 || length.value >= body.length) throw malformed('header-length', 'the JWS header length does not fit the data');
  const header = body.subarray(0, length.value);
  const payload = body.subarray(length.value);
  return `${base64url.encode(header)}.${base64url.encode(payload)}.${base64url.encode(signature)}`;
}

/**
 * Replaces each distinct UUID (the first 15) and then each distinct 64-hex-digit run (the first 8) by its mark,
 * numbering entries in order of first appearance; a value that appears twice (a status list URL in an entry's id
 * and in its statusListCredential) is one entry with two marks.
 */
function tokenize(text: string): { text: string; uuids: Uint8Array[]; hex64s: Uint8Array[] } {
  const uuids = new Map<string, number>();
  const hex64s = new Map<string, number>();
  const mark = (table: Map<string, number>, max: number, base: number) => (m: string) => {
    const j = table.get(m) ?? (table.size < max ? table.set(m, table.size).size - 1 : -1);
    return j < 0 ? m : String.fromCharCode(base + j);
  };
  const marked = text.replace(UUID_RE, mark(uuids, MAX_UUIDS, UUID_MARK)).replace(HEX64_RE, mark(hex64s, MAX_HEX64S, HEX64_MARK));
  return { text: marked, uuids: [...uuids.keys()].map((u) => hexBytes(u.replaceAll('-', ''))), hex64s: [...hex64s.keys()].map(hexBytes) };
}

/**
 * Puts the table's values back at their marks. Strict, so that one text has one meaning and a corrupt one is
 * named: every control byte must be a mark of an existing entry, entries first appear in order, and each is used.
 */
function untokenize(text: string, table: Uint8Array, nUuids: number, nHex64s: number): Uint8Array {
  let nextUuid = 0;
  let nextHex64 = 0;
  let bad = false;
  const out = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, (m) => {
    const code = m.charCodeAt(0);
    if (code >= UUID_MARK && code < UUID_MARK + nUuids) {
      const j = code - UUID_MARK;
      if (j > nextUuid) bad = true;
      else if (j === nextUuid) nextUuid++;
      const hex = hexString(table.subarray(j * 16, j * 16 + 16));
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    }
    if (code >= HEX64_MARK && code < HEX64_MARK + nHex64s) {
      const j = code - HEX64_MARK;
      if (j > nextHex64) bad = true;
      else if (j === nextHex64) nextHex64++;
      return hexString(table.subarray(nUuids * 16 + j * 32, nUuids * 16 + j * 32 + 32));
    }
    bad = true;
    return m;
  });
  if (bad || nextUuid !== nUuids || nextHex64 !== nHex64s) throw malformed('tokens', 'its table of identifiers does not match the marks in the credential');
  return fromLatin1(out);
}

const DIGIT_PROBLEMS: Record<'alphabet' | 'length' | 'range', string> = {
  alphabet: 'format 1 is decimal digits only',
  length: 'its length is not one a whole number of bytes gives (truncated?)',
  range: 'a digit group is larger than its bytes can hold',
};

/** Raw DEFLATE with the format's dictionary, stopped as soon as the output passes `limit`. */
function boundedInflate(data: Uint8Array, limit: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let ended = false;
  let over = false;
  const inflater = new Inflate({ dictionary: DICTIONARY }, (chunk, final) => {
    total += chunk.length;
    if (total > limit) {
      over = true;
      return;
    }
    chunks.push(chunk);
    if (final) ended = true;
  });
  try {
    for (let at = 0; at < data.length && !over; at += INFLATE_STEP) {
      inflater.push(data.subarray(at, at + INFLATE_STEP), at + INFLATE_STEP >= data.length);
    }
  } catch (cause) {
    // fflate throws errors with a numeric `code` for corrupt streams (bad block type, distance too far back…).
    throw malformed('inflate', 'the compressed credential is corrupt', cause);
  }
  if (over) throw tooLarge(`the credential inflates to more than ${limit} bytes`, 'too-large');
  if (!ended) throw malformed('truncated', 'the compressed credential ends early');
  return concat(...chunks);
}

/** base64url without padding, and only in its one canonical spelling (the unused low bits of the last character zero). */
function strictBase64url(s: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) return null;
  try {
    const bytes = base64url.decode(s);
    return base64url.encode(bytes) === s ? bytes : null;
  } catch {
    return null;
  }
}

function leb128(n: number): Uint8Array {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return Uint8Array.from(out);
}

/** Unsigned LEB128 of at most 3 bytes (the header length is far below 2^21), minimal form only. */
function readLeb128(bytes: Uint8Array): { value: number; next: number } | null {
  let value = 0;
  for (let i = 0; i < 3 && i < bytes.length; i++) {
    const b = bytes[i]!;
    value += (b & 0x7f) * 2 ** (7 * i);
    if ((b & 0x80) === 0) return b === 0 && i > 0 ? null : { value, next: i + 1 };
  }
  return null;
}

/** Bytes as a string of code points 0-255 (and back), so regular expressions can work on the raw bytes. */
function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return s;
}

function fromLatin1(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function hexString(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function malformed(reason: QrPayloadProblem, why: string, cause?: unknown): AppError {
  return new AppError('ERR_VALIDATION', `Not a valid Avala QR payload: ${why}`, { details: { reason, reasonCode: 'PARSING_ERROR' }, ...(cause === undefined ? {} : { cause }) });
}

function tooLarge(why: string, reason: QrPayloadProblem = 'too-large'): AppError {
  return new AppError('ERR_PAYLOAD_TOO_LARGE', `QR payload refused: ${why}`, { details: { reason, reasonCode: 'RESOURCE_LIMIT' } });
}

function unsupported(why: string): AppError {
  return new AppError('ERR_UNSUPPORTED_FORMAT', `This VC-JWT cannot be put in a QR payload: ${why}`);
}
