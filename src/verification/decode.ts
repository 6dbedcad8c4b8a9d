import { base64url } from 'jose';
import { CREDENTIAL_MESSAGES as M, VC_CONTEXT_V1_URL, VC_CONTEXT_V2_URL, checkCredential, dateTimeStamp, findEmbeddedContext, type VerifiedCredentialShape } from '../vc/index.js';
import type { Format2Claims, Format2Payload } from '../vc/qr/format2.js';
import { AppError } from '../errors.js';
import { exceedsBytes, jsonDepthExceeds, LIMITS } from './limits.js';
import { failure, type Failure } from './reasons.js';

export const VC_JWT_DATA_URL_PREFIX = 'data:application/vc+jwt,';
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Room for the verifier URL in front of a QR payload (the payload itself is held to `LIMITS.qrBytes`). */
const QR_URL_ALLOWANCE = 1024;

/**
 * Turns the text scanned from a QR code into what it carries (supplied by the QR module): the compact JWT of format 1,
 * or the signed claims of format 2. Refuses with an `AppError` whose message says why.
 */
export type QrDecoder = (text: string) => string | Format2Payload;

/** What the verifier reads from a credential (the one credential check, mode `verify`); the rest is covered by the proof. */
export type ParsedCredential = VerifiedCredentialShape;

export type DecodedCredential =
  | { format: 'data-integrity'; raw: Record<string, unknown>; credential: ParsedCredential; issuer: string }
  | { format: 'vc-jwt'; raw: Record<string, unknown>; credential: ParsedCredential; issuer: string; jwt: string; header: Record<string, unknown> }
  /** QR format 2: `raw` is the credential its claims describe, rebuilt by `credentialOfClaims`; `cose` what was signed. */
  | { format: 'cwt'; raw: Record<string, unknown>; credential: ParsedCredential; issuer: string; cose: Format2Payload };

export interface DecodeOptions {
  contexts: ReadonlyMap<string, unknown>;
  decodeQr?: QrDecoder;
}

/**
 * The `format` step: recognises a Data Integrity credential (an object), a VC-JWT (compact, enveloped, or a
 * `data:` URL), or a QR payload (through the injected decoder); applies the size and depth limits; and checks the
 * structure the later checks read. Never throws: bad input is a `Failure`.
 */
export function decodeCredential(input: unknown, opts: DecodeOptions): DecodedCredential | Failure {
  if (typeof input === 'string') return decodeText(input, opts);
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return failure('PARSING_ERROR', 'This is not a credential: expected a JSON object, a JWT or a QR payload.', 'Esto no es una credencial: se esperaba un objeto JSON, un JWT o el contenido de un código QR.');
  }
  const copied = jsonCopy(input);
  if (!copied.ok) return copied.failure;
  const obj = copied.value;
  if (asArray(obj.type).includes('EnvelopedVerifiableCredential')) {
    const id = obj.id;
    if (typeof id !== 'string' || !id.startsWith(VC_JWT_DATA_URL_PREFIX)) {
      return failure('MALFORMED_VALUE_ERROR', `An enveloped credential must carry its JWT as an id starting with ${VC_JWT_DATA_URL_PREFIX}`, `Una credencial envuelta debe llevar su JWT en un id que empiece con ${VC_JWT_DATA_URL_PREFIX}`);
    }
    const ctx = checkContexts(obj['@context'], opts.contexts);
    if (ctx) return ctx;
    return decodeJwt(id.slice(VC_JWT_DATA_URL_PREFIX.length), opts);
  }
  return decodeDataIntegrity(obj, opts);
}

function decodeText(text: string, opts: DecodeOptions): DecodedCredential | Failure {
  if (exceedsBytes(text, LIMITS.credentialBytes)) return tooLarge();
  const s = text.trim();
  if (COMPACT_JWS.test(s)) return decodeJwt(s, opts);
  if (s.startsWith(VC_JWT_DATA_URL_PREFIX)) return decodeJwt(s.slice(VC_JWT_DATA_URL_PREFIX.length), opts);
  if (s.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(s);
    } catch {
      return failure('PARSING_ERROR', 'The text is not valid JSON.', 'El texto no es JSON válido.');
    }
    return decodeCredential(parsed, opts);
  }
  // Anything else can only be what a QR code holds: the payload, or the verifier URL with the payload after its '#'.
  const payload = s.includes('#') ? s.slice(s.indexOf('#') + 1) : s;
  if (exceedsBytes(payload, LIMITS.qrBytes) || exceedsBytes(s, LIMITS.qrBytes + QR_URL_ALLOWANCE)) {
    return failure('RESOURCE_LIMIT', `A QR payload is at most ${LIMITS.qrBytes} bytes.`, `El contenido de un código QR tiene como máximo ${LIMITS.qrBytes} bytes.`);
  }
  if (!opts.decodeQr) {
    return failure('PARSING_ERROR', 'This is not a credential, a JWT or a QR payload this verifier can read.', 'Esto no es una credencial, un JWT ni un código QR que este verificador pueda leer.');
  }
  let jwt: unknown;
  try {
    jwt = opts.decodeQr(s);
  } catch (e) {
    // The decoder's own words say what is wrong (a truncated code, a bound passed); nothing else of the error leaves.
    const limit = e instanceof AppError && e.code === 'ERR_PAYLOAD_TOO_LARGE';
    const why = e instanceof AppError ? e.message : 'The QR payload could not be decoded.';
    return failure(limit ? 'RESOURCE_LIMIT' : 'PARSING_ERROR', why, `No se pudo decodificar el contenido del código QR${e instanceof AppError ? ` (${e.message})` : ''}.`);
  }
  if (isFormat2(jwt)) return decodeFormat2(jwt);
  if (typeof jwt !== 'string') return failure('PARSING_ERROR', 'The QR payload could not be decoded.', 'No se pudo decodificar el contenido del código QR.');
  if (exceedsBytes(jwt, LIMITS.credentialBytes)) return tooLarge();
  return decodeJwt(jwt.trim(), opts);
}

function decodeJwt(jwt: string, opts: DecodeOptions): DecodedCredential | Failure {
  if (exceedsBytes(jwt, LIMITS.credentialBytes)) return tooLarge();
  if (!COMPACT_JWS.test(jwt)) return failure('PARSING_ERROR', 'The JWT is not in compact form (three base64url parts).', 'El JWT no está en forma compacta (tres partes base64url).');
  const [h, p] = jwt.split('.') as [string, string, string];
  const header = jsonPart(h);
  const payload = jsonPart(p);
  if (!header || !payload) {
    return failure('PARSING_ERROR', 'The JWT header or payload is not a base64url-encoded JSON object.', 'El encabezado o el contenido del JWT no es un objeto JSON en base64url.');
  }
  if (jsonDepthExceeds(header) || jsonDepthExceeds(payload)) return tooDeep();
  if ('vc' in payload || 'vp' in payload) {
    return failure('MALFORMED_VALUE_ERROR', 'The JWT wraps the credential in a "vc" claim; a VC-JOSE 2.0 token carries the credential itself.', 'El JWT envuelve la credencial en un campo "vc"; un token VC-JOSE 2.0 lleva la credencial directamente.');
  }
  if ('proof' in payload) {
    return failure('MALFORMED_VALUE_ERROR', 'A JWT-secured credential must not also carry an embedded proof.', 'Una credencial asegurada con JWT no debe llevar además una prueba incrustada.');
  }
  // VC-JOSE secures VC 2.0 only: a 1.1 token is a VC-JWT with a "vc" claim, refused above.
  const shaped = shapeOf(payload, opts, false);
  if ('code' in shaped) return shaped;
  return { format: 'vc-jwt', raw: payload, credential: shaped.credential, issuer: shaped.issuer, jwt, header };
}

function isFormat2(v: unknown): v is Format2Payload {
  return typeof v === 'object' && v !== null && (v as { format?: unknown }).format === '2';
}

/** QR format 2: the credential its signed claims describe goes through the same shape check as any other. */
function decodeFormat2(cose: Format2Payload): DecodedCredential | Failure {
  const raw = credentialOfClaims(cose.claims);
  const r = checkCredential(raw, 'verify');
  if (!r.ok) {
    const first = r.problems[0]!;
    const path = first.path.map(String).join('.') || 'credential';
    return failure('MALFORMED_VALUE_ERROR', `Not a valid credential: ${path} ${first.message}.`, `No es una credencial válida: ${path} ${whatEs(first.message)}.`);
  }
  return { format: 'cwt', raw, credential: r.credential, issuer: cose.claims.issuer, cose };
}

/**
 * The credential a format-2 payload's claims describe, as `buildCompetencyCredential` would have written those parts
 * (FORMAT.md "Format 2 · What the verifier rebuilds"): only what was signed, so every later check reads signed data.
 * The standard's title and level, the body's name and the rest are the signed trust registry's word.
 */
export function credentialOfClaims(c: Format2Claims): Record<string, unknown> {
  const identifier: Array<Record<string, unknown>> = [{ type: 'IdentityObject', identityHash: c.holderName, identityType: 'name', hashed: false }];
  if (c.curp) identifier.push({ type: 'IdentityObject', identityHash: c.curp.hash, identityType: 'nationalIdentityNumber', hashed: true, salt: c.curp.salt });
  const status = (['revocation', 'suspension'] as const).flatMap((purpose) => {
    const r = c.status[purpose];
    return r ? [{ id: `${r.listUrl}#${r.index}`, type: 'BitstringStatusListEntry', statusPurpose: purpose, statusListIndex: String(r.index), statusListCredential: r.listUrl }] : [];
  });
  return {
    '@context': [VC_CONTEXT_V2_URL],
    id: c.id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: c.issuer,
    validFrom: c.validFrom,
    ...(c.validUntil === null ? {} : { validUntil: c.validUntil }),
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier,
      achievement: { type: ['Achievement'], achievementType: 'Certification', humanCode: c.standard.code, version: String(c.standard.version) },
    },
    ...(status.length === 0 ? {} : { credentialStatus: status }),
  };
}

function decodeDataIntegrity(obj: Record<string, unknown>, opts: DecodeOptions): DecodedCredential | Failure {
  const shaped = shapeOf(obj, opts, true);
  if ('code' in shaped) return shaped;
  return { format: 'data-integrity', raw: obj, credential: shaped.credential, issuer: shaped.issuer };
}

function shapeOf(obj: Record<string, unknown>, opts: DecodeOptions, allowV1: boolean): { credential: ParsedCredential; issuer: string } | Failure {
  const ctx = checkContexts(obj['@context'], opts.contexts, { allowV1 }) ?? embeddedContext(obj);
  if (ctx) return ctx;
  const read = asArray(obj['@context'])[0] === VC_CONTEXT_V1_URL ? v1AsWindow(obj) : { ok: true as const, value: obj };
  if (!read.ok) return read.failure;
  const r = checkCredential(read.value, 'verify');
  if (!r.ok) {
    const first = r.problems[0]!;
    const path = first.path.map(String).join('.') || 'credential';
    return failure('MALFORMED_VALUE_ERROR', `Not a valid credential: ${path} ${first.message}.`, `No es una credencial válida: ${path} ${whatEs(first.message)}.`);
  }
  const issuer = typeof r.credential.issuer === 'string' ? r.credential.issuer : r.credential.issuer.id;
  return { credential: r.credential, issuer };
}

/**
 * The `@context` starts with the VC 2.0 context (or, with `allowV1`, the VC 1.1 one: Data Integrity credentials
 * and presentations wallets still hold); every URL after it is one this verifier holds locally (nothing is fetched),
 * and an inline context (an object) is allowed: it is processed as it is, and any URL it names goes through the same
 * offline loader. The base contexts protect their terms, so an inline one cannot redefine them.
 */
export function checkContexts(context: unknown, contexts: ReadonlyMap<string, unknown>, opts: { allowV1?: boolean } = {}): Failure | null {
  const list = asArray(context);
  const first = list[0];
  if (first !== VC_CONTEXT_V2_URL && !(opts.allowV1 && first === VC_CONTEXT_V1_URL)) {
    return failure('MALFORMED_VALUE_ERROR', `@context must start with ${VC_CONTEXT_V2_URL}.`, `@context debe empezar con ${VC_CONTEXT_V2_URL}.`);
  }
  if (list.slice(1).some((c) => c === VC_CONTEXT_V1_URL || c === VC_CONTEXT_V2_URL)) {
    return failure('MALFORMED_VALUE_ERROR', 'The @context names a base VC context twice or both versions of it.', 'El @context nombra dos veces un contexto base de VC, o sus dos versiones.');
  }
  const inline = (c: unknown) => c !== null && typeof c === 'object' && !Array.isArray(c);
  const unknown = list.find((c) => !inline(c) && (typeof c !== 'string' || !contexts.has(c)));
  if (unknown !== undefined) {
    const name = typeof unknown === 'string' ? unknown.slice(0, 120) : 'a value that is neither a URL nor a context';
    return failure('CONTEXT_NOT_ALLOWED', `@context names ${name}, which this verifier does not hold; nothing is fetched.`, `@context nombra ${name}, que este verificador no tiene; no se descarga nada.`);
  }
  return null;
}

/**
 * A VC 1.1 credential read as the later checks read a 2.0 one: `issuanceDate` (required) is its `validFrom`,
 * `expirationDate` its `validUntil`. Both must be dates with a time zone; the 2.0 names are refused in a 1.1
 * credential (its context does not define them, so no proof could cover them).
 */
function v1AsWindow(obj: Record<string, unknown>): { ok: true; value: Record<string, unknown> } | { ok: false; failure: Failure } {
  const bad = (en: string, es: string) => ({ ok: false as const, failure: failure('MALFORMED_VALUE_ERROR', `Not a valid VC 1.1 credential: ${en}.`, `No es una credencial VC 1.1 válida: ${es}.`) });
  if (obj.validFrom !== undefined || obj.validUntil !== undefined) return bad('validFrom and validUntil are VC 2.0 terms; 1.1 uses issuanceDate and expirationDate', 'validFrom y validUntil son de VC 2.0; 1.1 usa issuanceDate y expirationDate');
  if (obj.issuanceDate === undefined) return bad('issuanceDate is required', 'issuanceDate es obligatorio');
  for (const prop of ['issuanceDate', 'expirationDate'] as const) {
    if (obj[prop] !== undefined && !dateTimeStamp.safeParse(obj[prop]).success) return bad(`${prop} ${M.dateTimeStamp}`, `${prop} ${whatEs(M.dateTimeStamp)}`);
  }
  const { issuanceDate, expirationDate, ...rest } = obj;
  return { ok: true, value: { ...rest, validFrom: issuanceDate, ...(expirationDate === undefined ? {} : { validUntil: expirationDate }) } };
}

/** An `@context` below the top level is refused wherever it sits (see `findEmbeddedContext`). */
function embeddedContext(root: Record<string, unknown>): Failure | null {
  const path = findEmbeddedContext(root);
  if (path === null) return null;
  const at = path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('').slice(0, 120);
  return failure('CONTEXT_NOT_ALLOWED', `An @context is embedded in ${at}; only the credential's own top-level @context is accepted.`, `Hay un @context incrustado en ${at}; solo se acepta el @context de nivel superior de la credencial.`);
}

/**
 * Checks the depth and size of an object input and returns a plain JSON copy of it, which is all the later steps
 * see: no getter, function, prototype or shared reference of the caller's object reaches the libraries, and the
 * caller's object is never changed.
 */
export function jsonCopy(input: object): { ok: true; value: Record<string, unknown> } | { ok: false; failure: Failure } {
  const refuse = (f: Failure) => ({ ok: false as const, failure: f });
  const unreadable = failure('PARSING_ERROR', 'The input cannot be read as a JSON object.', 'La entrada no se puede leer como un objeto JSON.');
  let text: string | undefined;
  try {
    if (jsonDepthExceeds(input)) return refuse(tooDeep());
    text = JSON.stringify(input);
  } catch {
    return refuse(unreadable);
  }
  if (text === undefined) return refuse(unreadable);
  if (exceedsBytes(text, LIMITS.credentialBytes)) return refuse(tooLarge());
  const copy: unknown = JSON.parse(text);
  return copy !== null && typeof copy === 'object' && !Array.isArray(copy) ? { ok: true, value: copy as Record<string, unknown> } : refuse(unreadable);
}

/** One part of a compact JWS as a JSON object, or null: never a throw for hostile input. */
export function jsonPart(part: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(base64url.decode(part)));
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function tooLarge(): Failure {
  const kib = LIMITS.credentialBytes / 1024;
  return failure('RESOURCE_LIMIT', `The credential is larger than ${kib} KiB.`, `La credencial ocupa más de ${kib} KiB.`);
}

function tooDeep(): Failure {
  return failure('RESOURCE_LIMIT', `The credential is nested more than ${LIMITS.jsonDepth} levels deep.`, `La credencial tiene más de ${LIMITS.jsonDepth} niveles de anidamiento.`);
}

const MESSAGES_ES: Record<string, string> = {
  'is required': 'es obligatorio',
  [M.verifiableCredential]: 'debe incluir VerifiableCredential',
  [M.validUntil]: 'no debe ser anterior a validFrom',
  [M.dateTimeStamp]: 'debe ser una fecha y hora con zona horaria, p. ej. 2026-06-01T12:00:00Z',
  [M.realDate]: 'debe ser una fecha y hora real',
  [M.uri]: 'debe ser una URL o URI absoluta',
  [M.type]: 'debe ser un nombre de tipo o una lista de ellos',
  [M.issuer]: 'debe ser una URL o un objeto cuyo id sea una URL',
  [M.subject]: 'debe ser un objeto no vacío o una lista no vacía de ellos',
  [M.empty]: 'no debe estar vacío',
};

function whatEs(en: string): string {
  return MESSAGES_ES[en] ?? 'no tiene la forma esperada';
}

export function asArray(v: unknown): unknown[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}
