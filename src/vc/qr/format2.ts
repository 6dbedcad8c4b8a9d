import { decode as cborDecode, encode as cborEncode } from 'cborg';
import { AppError } from '../../errors.js';
import { bytesToDigits, digitsToBytes } from './numeric.js';
import { QR_LIMITS, type QrPayloadProblem } from './codec.js';

/**
 * QR payload format 2: a compact signed form of the claims an employer checks, in a standard envelope — a
 * COSE_Sign1 (RFC 9052, tag 18) carrying a CWT (RFC 8392), EdDSA (Ed25519), as EU DCC / HCERT does — put in the
 * QR code's numeric mode like format 1. Specified in FORMAT.md ("Format 2"); pure, runs in browsers.
 *
 *   text      = "2" digits                      digits = numeric(COSE_Sign1 bytes), see numeric.ts
 *   COSE_Sign1 = 18([ h'A10127', {}, payload, signature ])     protected header {1: -8} (alg EdDSA)
 *   payload   = CWT claims { 1: iss, 4: exp?, 5: nbf, 6: iat?, 7: cti, -65537: avala }
 *   avala     = [ holderName, [curpHash(32), salt(16)] / null, [standardCode, standardVersion], [rev / null, sus / null] ]
 *   rev, sus  = [ statusListUuid(16), statusListIndex ]
 *
 * The signer is found among the issuer's keys in the trust registry (no `kid`: every byte counts in a QR code, and
 * the verifier holds the issuer's few keys; the one that verifies is the signer, and its period is then checked).
 */
export const QR_FORMAT_V2 = '2';

/** The decoder's bounds (FORMAT.md "Format 2 · Bounds"); anything beyond them is refused before cborg sees it. */
export const QR2_LIMITS = Object.freeze({
  /** The COSE_Sign1 in bytes (a certificate with a 118-character name takes about 400). */
  maxCoseBytes: 1024,
  /** Arrays and maps nest at most this deep (the outer array is depth 1; a status entry is depth 4). */
  maxDepth: 4,
  /** Items in one array or entries in one map. */
  maxItems: 8,
  /** One text or byte string, in bytes. */
  maxStringBytes: 512,
});

/** The private-use CWT claim (RFC 8392 §9.1: below −65536) holding Avala's claims. */
export const AVALA_CLAIM = -65537;
const CWT = { iss: 1, exp: 4, nbf: 5, iat: 6, cti: 7 } as const;
const COSE_SIGN1_TAG = 0xd2; // major type 6, tag 18
const COSE_ALG = 1;
const EDDSA = -8;
/** The protected header, serialized: {1: -8}. Fixed, so the decoder compares bytes. */
export const QR2_PROTECTED = Uint8Array.of(0xa1, 0x01, 0x27);
const SIGNATURE_BYTES = 64;

/** The claims format 2 carries, in the credential's own words (what the verifier rebuilds its checks from). */
export interface Format2Claims {
  /** `urn:uuid:` + the credential's UUID. */
  id: string;
  /** The body's DID. */
  issuer: string;
  holderName: string;
  /** `sha256$` + 64 hex digits, and the 22-character base64url salt (Open Badges IdentityHash). */
  curp: { hash: string; salt: string } | null;
  standard: { code: string; version: number };
  /** Whole seconds, `YYYY-MM-DDTHH:MM:SSZ`. */
  validFrom: string;
  validUntil: string | null;
  /** When the body signed (CWT `iat`); null means at `validFrom`. */
  signedAt: string | null;
  status: { revocation: StatusRef | null; suspension: StatusRef | null };
}

export interface StatusRef {
  listUrl: string;
  index: number;
}

/** A decoded, unverified format-2 payload: the signed bytes and what they claim. */
export interface Format2Payload {
  format: '2';
  /** The COSE Sig_structure ("Signature1") the signature must verify over. */
  signedBytes: Uint8Array;
  signature: Uint8Array;
  claims: Format2Claims;
}

const UUID_RE = /^urn:uuid:([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/;
const WHOLE_SECOND = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const CURP_HASH = /^sha256\$([0-9a-f]{64})$/;
const SALT = /^[A-Za-z0-9_-]{22}$/;
const CODE = /^[A-Z]{2}\d{4}$/;

/**
 * The format-2 claims of an unsigned competency credential as `buildCompetencyCredential` writes it, or null when
 * it cannot be carried exactly (another shape, a status list whose URL is not the issuer's standard one, a date
 * with fractions of a second): such a certificate keeps format 1.
 */
export function format2ClaimsOf(credential: Record<string, unknown>, signedAt: Date): Format2Claims | null {
  const c = credential as Record<string, any>;
  const issuer = typeof c.issuer === 'string' ? c.issuer : c.issuer?.id;
  const subject = c.credentialSubject;
  const a = subject?.achievement;
  if (typeof c.id !== 'string' || !UUID_RE.test(c.id) || typeof issuer !== 'string' || statusBase(issuer) === null) return null;
  if (!subject || Array.isArray(subject) || !a || typeof a.humanCode !== 'string' || !CODE.test(a.humanCode) || !/^[1-9]\d{0,5}$/.test(String(a.version))) return null;
  if (typeof c.validFrom !== 'string' || !WHOLE_SECOND.test(c.validFrom) || (c.validUntil !== undefined && (typeof c.validUntil !== 'string' || !WHOLE_SECOND.test(c.validUntil)))) return null;
  const ids: Array<Record<string, unknown>> = Array.isArray(subject.identifier) ? subject.identifier : [];
  const names = ids.filter((i) => i?.identityType === 'name' && i.hashed === false && typeof i.identityHash === 'string');
  const curps = ids.filter((i) => i?.identityType === 'nationalIdentityNumber');
  if (names.length !== 1 || curps.length > 1 || ids.length !== names.length + curps.length) return null;
  const curp = curps[0];
  if (curp && !(curp.hashed === true && typeof curp.identityHash === 'string' && CURP_HASH.test(curp.identityHash) && typeof curp.salt === 'string' && SALT.test(curp.salt) && canonicalSalt(curp.salt))) return null;
  const status: Format2Claims['status'] = { revocation: null, suspension: null };
  const entries: Array<Record<string, unknown>> = Array.isArray(c.credentialStatus) ? c.credentialStatus : c.credentialStatus ? [c.credentialStatus] : [];
  for (const e of entries) {
    const purpose = e?.statusPurpose;
    if (e?.type !== 'BitstringStatusListEntry' || (purpose !== 'revocation' && purpose !== 'suspension') || status[purpose]) return null;
    const index = Number(e.statusListIndex);
    if (typeof e.statusListIndex !== 'string' || !/^(0|[1-9]\d{0,9})$/.test(e.statusListIndex) || typeof e.statusListCredential !== 'string') return null;
    const uuid = statusListUuid(issuer, e.statusListCredential);
    if (uuid === null || (e.id !== undefined && e.id !== `${e.statusListCredential}#${index}`) || e.statusSize !== undefined) return null;
    status[purpose] = { listUrl: e.statusListCredential, index };
  }
  const at = Math.floor(signedAt.getTime() / 1000) * 1000;
  const signed = at === Date.parse(c.validFrom) ? null : isoSecond(at);
  const claims: Format2Claims = {
    id: c.id,
    issuer,
    holderName: names[0]!.identityHash as string,
    curp: curp ? { hash: curp.identityHash as string, salt: curp.salt as string } : null,
    standard: { code: a.humanCode, version: Number(a.version) },
    validFrom: c.validFrom,
    validUntil: c.validUntil ?? null,
    signedAt: signed,
    status,
  };
  return cwtPayload(claims).length + 80 <= QR2_LIMITS.maxCoseBytes ? claims : null;
}

/** The CWT claims set, as the deterministic CBOR that is signed (RFC 8949 §4.2.1: definite lengths, sorted keys). */
export function cwtPayload(claims: Format2Claims): Uint8Array {
  const status = (r: StatusRef | null) => (r === null ? null : [uuidBytes(statusListUuid(claims.issuer, r.listUrl)!), r.index]);
  const map = new Map<number, unknown>([[CWT.iss, claims.issuer]]);
  if (claims.validUntil !== null) map.set(CWT.exp, seconds(claims.validUntil));
  map.set(CWT.nbf, seconds(claims.validFrom));
  if (claims.signedAt !== null) map.set(CWT.iat, seconds(claims.signedAt));
  map.set(CWT.cti, uuidBytes(claims.id.slice('urn:uuid:'.length)));
  map.set(AVALA_CLAIM, [
    claims.holderName,
    claims.curp === null ? null : [hexBytes(claims.curp.hash.slice('sha256$'.length)), base64urlBytes(claims.curp.salt)],
    [claims.standard.code, claims.standard.version],
    [status(claims.status.revocation), status(claims.status.suspension)],
  ]);
  return cborEncode(map);
}

/** RFC 9052 §4.4: Sig_structure = ["Signature1", body_protected, external_aad (empty), payload], in CBOR. */
export function sigStructure(payload: Uint8Array): Uint8Array {
  return cborEncode(['Signature1', QR2_PROTECTED, new Uint8Array(0), payload]);
}

/** The tagged COSE_Sign1: 18([protected, unprotected {}, payload, signature]). */
export function coseSign1(payload: Uint8Array, signature: Uint8Array): Uint8Array {
  if (signature.length !== SIGNATURE_BYTES) throw new TypeError(`an Ed25519 signature has ${SIGNATURE_BYTES} bytes, not ${signature.length}`);
  const body = cborEncode([QR2_PROTECTED, new Map(), payload, signature]);
  const out = new Uint8Array(body.length + 1);
  out[0] = COSE_SIGN1_TAG;
  out.set(body, 1);
  return out;
}

/** Format-2 payload text of a COSE_Sign1: "2" and its digits. */
export function encodeQrPayload2(cose: Uint8Array): string {
  if (!(cose instanceof Uint8Array) || cose.length > QR2_LIMITS.maxCoseBytes) throw new TypeError('encodeQrPayload2 takes a COSE_Sign1 within the format-2 bound');
  return QR_FORMAT_V2 + bytesToDigits(cose);
}

/**
 * Reads format-2 payload text into its signed bytes and claims, refusing with an `AppError` (`details.reason`)
 * anything malformed or beyond the bounds; it throws nothing else for any string. Unverified: the signature and the
 * checks are the verifier's.
 */
export function decodeQrPayload2(text: string): Format2Payload {
  if (typeof text !== 'string') throw new TypeError('decodeQrPayload2 takes the payload text');
  if (text.length > QR_LIMITS.maxTextChars) throw refuse('too-long', `the QR payload has ${text.length} characters; at most ${QR_LIMITS.maxTextChars} are read`, true);
  if (text[0] !== QR_FORMAT_V2) throw refuse('unknown-version', 'it is not a format-2 payload');
  const bytes = digitsToBytes(text.slice(1));
  if (typeof bytes === 'string') throw refuse(bytes, bytes === 'alphabet' ? 'format 2 is decimal digits only' : bytes === 'length' ? 'its length is not one a whole number of bytes gives (truncated?)' : 'a digit group is larger than its bytes can hold');
  if (bytes.length > QR2_LIMITS.maxCoseBytes) throw refuse('too-large', `its COSE_Sign1 has ${bytes.length} bytes; at most ${QR2_LIMITS.maxCoseBytes} are read`, true);
  if (bytes[0] !== COSE_SIGN1_TAG) throw refuse('cbor', 'it is not a tagged COSE_Sign1 (CBOR tag 18)');
  const outer = strictCbor(bytes.subarray(1));
  if (!Array.isArray(outer) || outer.length !== 4) throw refuse('cose', 'a COSE_Sign1 is an array of four items');
  const [prot, unprot, payload, signature] = outer as unknown[];
  if (!(prot instanceof Uint8Array) || !equalBytes(prot, QR2_PROTECTED)) throw refuse('cose', 'its protected header is not {1: -8} (alg EdDSA)');
  if (!(unprot instanceof Map) || unprot.size !== 0) throw refuse('cose', 'its unprotected header must be empty');
  if (!(payload instanceof Uint8Array)) throw refuse('cose', 'its payload is not a byte string (detached payloads are not used)');
  if (!(signature instanceof Uint8Array) || signature.length !== SIGNATURE_BYTES) throw refuse('cose', `its signature is not ${SIGNATURE_BYTES} bytes (Ed25519)`);
  const claims = claimsOf(strictCbor(payload));
  return { format: '2', signedBytes: sigStructure(payload), signature, claims };
}

function claimsOf(map: unknown): Format2Claims {
  const bad = (why: string) => refuse('claims', why);
  if (!(map instanceof Map)) throw bad('its payload is not a CWT claims map');
  const known = new Set<unknown>([CWT.iss, CWT.exp, CWT.nbf, CWT.iat, CWT.cti, AVALA_CLAIM]);
  for (const k of map.keys()) if (!known.has(k)) throw bad(`it holds claim ${String(k).slice(0, 20)}, which format 2 does not define`);
  const iss = map.get(CWT.iss);
  if (typeof iss !== 'string' || statusBase(iss) === null) throw bad('its issuer (iss) is not an Avala body did:web');
  const nbf = map.get(CWT.nbf);
  const exp = map.get(CWT.exp);
  const iat = map.get(CWT.iat);
  for (const [name, v, required] of [['nbf', nbf, true], ['exp', exp, false], ['iat', iat, false]] as const) {
    if ((v !== undefined || required) && !isNumericDate(v)) throw bad(`its ${name} is not a NumericDate (whole seconds)`);
  }
  if (iat !== undefined && iat === nbf) throw bad('its iat equals nbf, which format 2 writes by leaving iat out');
  if (exp !== undefined && (exp as number) < (nbf as number)) throw bad('its exp is before its nbf');
  const cti = map.get(CWT.cti);
  if (!(cti instanceof Uint8Array) || cti.length !== 16) throw bad('its cti is not a 16-byte UUID');
  const avala = map.get(AVALA_CLAIM);
  if (!Array.isArray(avala) || avala.length !== 4) throw bad(`its claim ${AVALA_CLAIM} is not an array of four items`);
  const [name, curp, standard, status] = avala as unknown[];
  if (typeof name !== 'string' || name.trim().length === 0 || name.length > 200) throw bad('its holder name is not a text of 1-200 characters');
  if (curp !== null && !(Array.isArray(curp) && curp.length === 2 && curp[0] instanceof Uint8Array && curp[0].length === 32 && curp[1] instanceof Uint8Array && curp[1].length === 16)) {
    throw bad('its CURP is not [32-byte hash, 16-byte salt] or null');
  }
  if (!Array.isArray(standard) || standard.length !== 2 || typeof standard[0] !== 'string' || !CODE.test(standard[0]) || !Number.isSafeInteger(standard[1]) || standard[1] < 1 || standard[1] > 999_999) {
    throw bad('its standard is not [code like EC0217, version]');
  }
  if (!Array.isArray(status) || status.length !== 2) throw bad('its status is not [revocation, suspension]');
  const ref = (r: unknown): StatusRef | null => {
    if (r === null) return null;
    if (!Array.isArray(r) || r.length !== 2 || !(r[0] instanceof Uint8Array) || r[0].length !== 16 || !Number.isSafeInteger(r[1]) || r[1] < 0 || r[1] > 9_999_999_999) {
      throw bad('a status entry is not [16-byte list UUID, index]');
    }
    return { listUrl: `${statusBase(iss)}/status/${uuidText(r[0])}`, index: r[1] };
  };
  const curpPair = curp as [Uint8Array, Uint8Array] | null;
  return {
    id: `urn:uuid:${uuidText(cti)}`,
    issuer: iss,
    holderName: name,
    curp: curpPair ? { hash: `sha256$${hexText(curpPair[0])}`, salt: base64urlText(curpPair[1]) } : null,
    standard: { code: standard[0], version: standard[1] as number },
    validFrom: isoSecond((nbf as number) * 1000),
    validUntil: exp === undefined ? null : isoSecond((exp as number) * 1000),
    signedAt: iat === undefined ? null : isoSecond((iat as number) * 1000),
    status: { revocation: ref(status[0]), suspension: ref(status[1]) },
  };
}

/**
 * Decodes one CBOR item within the bounds, and only in its deterministic encoding: the bounds are checked by
 * walking the item heads before cborg builds anything, and the result must encode back to exactly the input.
 */
function strictCbor(bytes: Uint8Array): unknown {
  scan(bytes);
  let value: unknown;
  try {
    value = cborDecode(bytes, { strict: true, allowIndefinite: false, allowUndefined: false, allowInfinity: false, allowNaN: false, allowBigInt: false, useMaps: true, rejectDuplicateMapKeys: true });
  } catch (cause) {
    throw refuse('cbor', 'it is not well-formed CBOR', false, cause);
  }
  let again: Uint8Array;
  try {
    again = cborEncode(value);
  } catch (cause) {
    throw refuse('cbor', 'it holds CBOR values format 2 does not use', false, cause);
  }
  if (!equalBytes(again, bytes)) throw refuse('cbor', 'it is not in deterministic CBOR encoding (RFC 8949 §4.2.1)');
  return value;
}

/** Walks the heads of one CBOR item: definite lengths only, no tags or floats, depth, items and string sizes bounded. */
function scan(bytes: Uint8Array): void {
  let at = 0;
  const stack: number[] = []; // items still to read at each open level
  let items = 1;
  const fail = (why: string) => refuse('bounds', why, why.includes('bound'));
  const arg = (info: number): number => {
    if (info < 24) return info;
    const n = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : -1;
    if (n < 0) throw fail('it uses an indefinite length or a reserved CBOR code');
    if (at + n > bytes.length) throw refuse('truncated', 'it ends inside a CBOR item');
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 256 + bytes[at + i]!;
    at += n;
    return v;
  };
  while (items > 0 || stack.length > 0) {
    if (items === 0) {
      items = stack.pop()!;
      continue;
    }
    items--;
    if (at >= bytes.length) throw refuse('truncated', 'it ends inside a CBOR item');
    const head = bytes[at++]!;
    const major = head >> 5;
    const value = arg(head & 31);
    if (major === 2 || major === 3) {
      if (value > QR2_LIMITS.maxStringBytes) throw fail(`a string is longer than the bound of ${QR2_LIMITS.maxStringBytes} bytes`);
      if (at + value > bytes.length) throw refuse('truncated', 'it ends inside a CBOR string');
      at += value;
    } else if (major === 4 || major === 5) {
      if (value > QR2_LIMITS.maxItems) throw fail(`an array or map is longer than the bound of ${QR2_LIMITS.maxItems} entries`);
      if (stack.length + 1 > QR2_LIMITS.maxDepth) throw fail(`it nests deeper than the bound of ${QR2_LIMITS.maxDepth} levels`);
      stack.push(items);
      items = major === 5 ? value * 2 : value;
    } else if (major === 6) {
      throw fail('it holds a CBOR tag where format 2 has none');
    } else if (major === 7 && (head & 31) !== 22) {
      throw fail('it holds a CBOR simple value or float other than null');
    }
  }
  if (at !== bytes.length) throw refuse('cbor', 'it has bytes after its CBOR item');
}

/**
 * The origin and path under which an Avala body's status lists live, from its DID: `did:web:HOST[:PATH…]:bodies:SLUG`
 * has its lists at `https://HOST[/PATH…]/status/<list UUID>` (the service publishes both from its public URL).
 */
export function statusBase(did: string): string | null {
  const m = /^did:web:([a-z0-9.-]+(?:%3[aA]\d{1,5})?)((?::[A-Za-z0-9._~-]+)*):bodies:[a-z0-9][a-z0-9-]{0,62}$/.exec(did);
  if (!m || did.length > 256) return null;
  return `https://${m[1]!.replace(/%3[aA]/, ':')}${m[2]!.replaceAll(':', '/')}`;
}

function statusListUuid(issuer: string, url: string): string | null {
  const base = statusBase(issuer);
  if (base === null || !url.startsWith(`${base}/status/`)) return null;
  const rest = url.slice(base.length + '/status/'.length);
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(rest) ? rest : null;
}

function isNumericDate(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= 253402300799; // up to 9999-12-31T23:59:59Z
}

function seconds(iso: string): number {
  return Date.parse(iso) / 1000;
}

function isoSecond(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function uuidBytes(uuid: string): Uint8Array {
  return hexBytes(uuid.replace(/^urn:uuid:/, '').replaceAll('-', ''));
}

function uuidText(b: Uint8Array): string {
  const h = hexText(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function hexText(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** 16 bytes as 22 base64url characters (no padding), and back; the salt's spelling is canonical (low bits zero). */
function base64urlText(b: Uint8Array): string {
  let out = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i]! << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    const chars = i + 1 >= b.length ? 2 : i + 2 >= b.length ? 3 : 4;
    for (let k = 0; k < chars; k++) out += B64URL[(n >> (18 - 6 * k)) & 63];
  }
  return out;
}

function base64urlBytes(s: string): Uint8Array {
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of s) {
    value = (value << 6) | B64URL.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >> bits) & 0xff);
    }
  }
  return Uint8Array.from(out);
}

function canonicalSalt(s: string): boolean {
  const b = base64urlBytes(s);
  return b.length === 16 && base64urlText(b) === s;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export type Qr2Problem = QrPayloadProblem | 'cbor' | 'cose' | 'claims' | 'bounds';

function refuse(reason: Qr2Problem, why: string, tooLarge = false, cause?: unknown): AppError {
  return new AppError(tooLarge ? 'ERR_PAYLOAD_TOO_LARGE' : 'ERR_VALIDATION', `Not a valid Avala QR payload (format 2): ${why}`, {
    details: { reason, reasonCode: tooLarge ? 'RESOURCE_LIMIT' : 'PARSING_ERROR' },
    ...(cause === undefined ? {} : { cause }),
  });
}
