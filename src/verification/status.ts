import { decodeEncodedList, getBit } from '../vc/index.js';
import { asArray, decodeCredential, type ParsedCredential } from './decode.js';
import { createVerificationLoader } from './document-loader.js';
import { short, type ResolvedKey } from './keys.js';
import { LIMITS } from './limits.js';
import type { Check } from './model.js';
import { verifyDataIntegrityProofs } from './proof-data-integrity.js';
import { verifyJwtProof } from './proof-jwt.js';
import { fail, failure, pass, unknown, isFailure, type Failure } from './reasons.js';
import { keyProblemAt, type RegistryIndex } from './trust-registry.js';

/** A status list credential as fetched: a compact JWT (preferred) or JSON. */
export interface FetchedStatusList {
  body: string;
  contentType?: string | null;
}

/**
 * Gets the status list credential at `url`. Called only for URLs under the trust registry's `statusListOrigins`;
 * throwing (or rejecting) means "could not retrieve", which the verifier reports as `unknown`, never as a pass.
 */
export type StatusListFetcher = (url: string) => Promise<FetchedStatusList>;

/** A status list whose signature, issuer, purpose and validity were checked, decoded. */
export interface VerifiedStatusList {
  url: string;
  issuer: string;
  purpose: string;
  bits: Uint8Array;
  length: number;
  validUntil: string | null;
}

export interface StatusListCache {
  get(url: string, now: number): VerifiedStatusList | undefined;
  set(url: string, list: VerifiedStatusList, expiresAt: number): void;
}

/** Verified lists by URL until their `ttl` runs out (or their `validUntil`, if sooner); the oldest entry goes first. */
export function createStatusListCache(maxEntries = 256): StatusListCache {
  const entries = new Map<string, { list: VerifiedStatusList; expiresAt: number }>();
  return {
    get(url, now) {
      const e = entries.get(url);
      if (!e) return undefined;
      if (now >= e.expiresAt) {
        entries.delete(url);
        return undefined;
      }
      return e.list;
    },
    set(url, list, expiresAt) {
      entries.delete(url);
      entries.set(url, { list, expiresAt });
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    },
  };
}

export interface StatusContext {
  index: RegistryIndex;
  contexts: ReadonlyMap<string, unknown>;
  fetcher: StatusListFetcher | undefined;
  cache: StatusListCache | undefined;
  now: Date;
  skewMs: number;
  canonicalizationMs?: number;
}

type Purpose = 'revocation' | 'suspension';

const WORDS: Record<Purpose, { code: 'REVOKED' | 'SUSPENDED'; en: string; es: string }> = {
  revocation: { code: 'REVOKED', en: 'revoked', es: 'revocada' },
  suspension: { code: 'SUSPENDED', en: 'suspended', es: 'suspendida' },
};

/**
 * The `revocation` or `suspension` check: every BitstringStatusListEntry of that purpose is read from its list,
 * which must come from an allowed origin, be signed by the credential's issuer with a key valid when it was signed,
 * be within its validity, and be long enough. Fail closed: a list that cannot be fetched is `unknown`.
 */
export async function checkStatusPurpose(purpose: Purpose, credential: ParsedCredential, issuer: string, ctx: StatusContext): Promise<Check> {
  const entries = asArray(credential.credentialStatus).filter(
    (e): e is Record<string, unknown> => typeof e === 'object' && e !== null && (e as Record<string, unknown>).type === 'BitstringStatusListEntry' && (e as Record<string, unknown>).statusPurpose === purpose,
  );
  const w = WORDS[purpose];
  if (entries.length === 0) {
    return pass(purpose, `The credential has no ${purpose} entry, so it cannot be ${w.en}.`, `La credencial no tiene entrada de ${purpose === 'revocation' ? 'revocación' : 'suspensión'}, así que no puede ser ${w.es}.`);
  }
  let undecided: Failure | null = null;
  for (const entry of entries) {
    const r = await readEntry(entry, purpose, issuer, ctx);
    if (r === true) return fail(purpose, failure(w.code, `The issuer has ${w.en} this credential.`, `El emisor ha ${w.es === 'revocada' ? 'revocado' : 'suspendido'} esta credencial.`));
    if (r === false) continue;
    if (r.undecided) undecided ??= r.failure;
    else return fail(purpose, r.failure);
  }
  if (undecided) return unknown(purpose, undecided);
  return pass(purpose, `Not ${w.en}: checked against the issuer's signed status list.`, `No está ${w.es}: se consultó la lista de estado firmada por el emisor.`);
}

type EntryResult = boolean | { undecided: boolean; failure: Failure };

async function readEntry(entry: Record<string, unknown>, purpose: Purpose, issuer: string, ctx: StatusContext): Promise<EntryResult> {
  const indexText = entry.statusListIndex;
  const url = entry.statusListCredential;
  if (typeof indexText !== 'string' || !/^\d{1,15}$/.test(indexText) || typeof url !== 'string' || (entry.statusSize !== undefined && entry.statusSize !== 1)) {
    return { undecided: false, failure: failure('MALFORMED_VALUE_ERROR', `The ${purpose} entry is malformed (index, list URL or size).`, `La entrada de estado está mal formada (índice, URL de la lista o tamaño).`) };
  }
  const origin = allowedOrigin(url, ctx.index.registry.statusListOrigins);
  if (!origin) {
    return {
      undecided: true,
      failure: failure('STATUS_RETRIEVAL_ERROR', `The status list ${short(url)} is not at an address the trust registry allows; it was not fetched.`, `La lista de estado ${short(url)} no está en una dirección que el registro de confianza permita; no se consultó.`),
    };
  }
  const list = await loadList(origin, issuer, ctx);
  if (isFailure(list)) return { undecided: list.code === 'STATUS_RETRIEVAL_ERROR', failure: list };
  if (list.purpose !== purpose) {
    return { undecided: false, failure: failure('STATUS_VERIFICATION_ERROR', `The list at ${short(url)} is a ${short(list.purpose)} list, not a ${purpose} list.`, `La lista en ${short(url)} es de tipo ${short(list.purpose)}, no de ${purpose}.`) };
  }
  const index = Number(indexText);
  if (index >= list.length) {
    return { undecided: false, failure: failure('RANGE_ERROR', `Index ${index} is outside the list's ${list.length} entries.`, `El índice ${index} está fuera de las ${list.length} entradas de la lista.`) };
  }
  return getBit(list.bits, index);
}

/** The URL when it is http(s), carries no credentials, and its origin is exactly one the registry lists. */
export function allowedOrigin(url: string, origins: readonly string[]): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if ((u.protocol !== 'https:' && u.protocol !== 'http:') || u.username || u.password) return null;
  return origins.includes(u.origin) ? u.href : null;
}

async function loadList(url: string, issuer: string, ctx: StatusContext): Promise<VerifiedStatusList | Failure> {
  const now = ctx.now.getTime();
  const cached = ctx.cache?.get(url, now);
  if (cached) return cached.issuer === issuer ? cached : notIssuers(url);
  if (!ctx.fetcher) {
    return failure('STATUS_RETRIEVAL_ERROR', 'No status list source is configured, so revocation cannot be checked.', 'No hay una fuente de listas de estado configurada, así que no se puede comprobar la revocación.');
  }
  let fetched: FetchedStatusList;
  try {
    fetched = await ctx.fetcher(url);
  } catch {
    return failure('STATUS_RETRIEVAL_ERROR', `The status list ${short(url)} could not be retrieved; the credential's status is unknown.`, `No se pudo obtener la lista de estado ${short(url)}; el estado de la credencial es desconocido.`);
  }
  const verified = await verifyList(url, issuer, fetched, ctx);
  if (isFailure(verified)) return verified;
  const { list, ttlMs } = verified;
  if (ctx.cache && ttlMs > 0) ctx.cache.set(url, list, Math.min(now + ttlMs, list.validUntil ? Date.parse(list.validUntil) : Infinity));
  return list;
}

async function verifyList(url: string, issuer: string, fetched: FetchedStatusList, ctx: StatusContext): Promise<{ list: VerifiedStatusList; ttlMs: number } | Failure> {
  const bad = (en: string, es: string) => failure('STATUS_VERIFICATION_ERROR', `The status list ${short(url)} ${en}`, `La lista de estado ${short(url)} ${es}`);
  if (typeof fetched?.body !== 'string') return bad('could not be read.', 'no se pudo leer.');
  const decoded = decodeCredential(fetched.body, { contexts: ctx.contexts });
  if (isFailure(decoded)) return failure(decoded.code === 'RESOURCE_LIMIT' ? 'RESOURCE_LIMIT' : 'STATUS_VERIFICATION_ERROR', `The status list ${short(url)} is not readable: ${decoded.message}`, `La lista de estado ${short(url)} no se puede leer: ${decoded.messageEs}`);
  if (decoded.issuer !== issuer) return notIssuers(url);
  const c = decoded.raw;
  if (c.id !== url) return bad('names itself with another address.', 'se identifica con otra dirección.');
  if (!asArray(c.type).includes('BitstringStatusListCredential')) return bad('is not a BitstringStatusListCredential.', 'no es una BitstringStatusListCredential.');

  let key: ResolvedKey | Failure;
  if (decoded.format === 'cwt') return bad('is not a status list credential.', 'no es una credencial de lista de estado.');
  if (decoded.format === 'vc-jwt') key = await verifyJwtProof(decoded, ctx.index);
  else {
    // A list is signed once, by its issuer's key in use then: a proof set here is not a list Avala or any issuer makes.
    const di = Array.isArray(c.proof) ? failure('PROOF_VERIFICATION_ERROR', 'a status list carries one proof', 'una lista de estado lleva una sola prueba') : await verifyDataIntegrityProofs(c, issuer, ctx.index, createVerificationLoader(ctx.contexts, ctx.index), { now: ctx.now, canonicalizationMs: ctx.canonicalizationMs });
    key = isFailure(di) ? di : di[0]!.key;
  }
  if (isFailure(key)) return bad(`is not validly signed by the issuer: ${key.message}`, `no está firmada válidamente por el emisor: ${key.messageEs}`);
  const validFrom = decoded.credential.validFrom;
  const validUntil = decoded.credential.validUntil ?? null;
  // A list signed when the key was already retired or reported compromised is not the issuer's word.
  if (key.trustKey && (!validFrom || keyProblemAt(key.trustKey, Date.parse(validFrom)) !== null)) {
    return bad('was signed with a key that was not valid at the time.', 'se firmó con una clave que no estaba vigente en ese momento.');
  }
  const now = ctx.now.getTime();
  if (validFrom && Date.parse(validFrom) - now > ctx.skewMs) return bad('is not valid yet.', 'aún no es válida.');
  if (validUntil && now - Date.parse(validUntil) > ctx.skewMs) {
    return failure('STATUS_STALE', `The status list ${short(url)} expired on ${validUntil}; a current one is needed.`, `La lista de estado ${short(url)} venció el ${validUntil}; se necesita una vigente.`);
  }
  const subject = c.credentialSubject as Record<string, unknown> | undefined;
  if (!subject || Array.isArray(subject) || subject.type !== 'BitstringStatusList' || typeof subject.statusPurpose !== 'string') {
    return bad('has no BitstringStatusList subject.', 'no tiene un sujeto BitstringStatusList.');
  }
  const list = await decodeEncodedList(subject.encodedList, { maxBytes: LIMITS.statusListBytes });
  if (!list.ok) return failure(list.code, `The status list ${short(url)} is unusable: ${list.message}.`, `La lista de estado ${short(url)} no es utilizable: ${list.message}.`);
  const ttl = typeof subject.ttl === 'number' && Number.isFinite(subject.ttl) && subject.ttl > 0 ? subject.ttl : 0;
  return { list: { url, issuer, purpose: subject.statusPurpose, bits: list.bits, length: list.length, validUntil }, ttlMs: ttl };
}

function notIssuers(url: string): Failure {
  return failure('STATUS_VERIFICATION_ERROR', `The status list ${short(url)} was not issued by the credential's issuer.`, `La lista de estado ${short(url)} no la emitió el emisor de la credencial.`);
}
