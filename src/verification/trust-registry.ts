import { compactVerify, decodeProtectedHeader, importJWK } from 'jose';
import { z } from 'zod';
import { TRUST_REGISTRY_TYP, trustRegistrySchema, type TrustBody, type TrustKey, type TrustRegistry, type TrustStandard } from '../vc/index.js';
import { acceptableKey, jwkOf, FORBIDDEN_KEY_HEADERS } from './keys.js';
import { DEFAULT_MAX_CLOCK_SKEW_SECONDS } from './limits.js';
import { failure, type Failure } from './reasons.js';

/** A trust registry whose signature, type and validity were checked against the pinned authority keys. */
export interface VerifiedTrustRegistry {
  registry: TrustRegistry;
  /** The JWS `iat`. */
  issuedAt: string;
  /** When the authority says a fresh copy should be fetched (the registry's own `nextUpdate`). */
  nextUpdate: string;
  /** The JWS `exp`: past it (and the clock skew) the registry is stale and verification fails. */
  expiresAt: string;
  /** The authority key that signed it. */
  signedBy: string;
}

/** One pinned authority key: where a verifier's trust starts. */
export interface AnchorKey {
  id: string;
  publicKeyMultibase: string;
}

export type TrustRegistryResult = { ok: true; trust: VerifiedTrustRegistry } | ({ ok: false } & Failure);

/** Generous: the national registry with every body, key and accreditation is well under this. */
export const MAX_TRUST_REGISTRY_BYTES = 16 * 1024 * 1024;

/**
 * The keys of the authority's DID document (`authority-did.json` of `avala export`, or `/.well-known/did.json` fetched
 * once and pinned in configuration). Returns [] for anything that is not such a document.
 */
export function anchorKeysFromDidDocument(doc: unknown): AnchorKey[] {
  const parsed = z
    .looseObject({ id: z.string(), verificationMethod: z.array(z.looseObject({ id: z.string(), controller: z.string(), publicKeyMultibase: z.string() })) })
    .safeParse(doc);
  if (!parsed.success) return [];
  return parsed.data.verificationMethod.filter((v) => v.controller === parsed.data.id && v.id.startsWith(`${parsed.data.id}#`)).map((v) => ({ id: v.id, publicKeyMultibase: v.publicKeyMultibase }));
}

/**
 * Checks the signed trust registry (a compact JWS) and returns it parsed. The key comes only from `anchorKeys`, the
 * keys pinned from configuration or the authority's DID document — never from the registry itself or from the token
 * header. Refuses: another algorithm than EdDSA, another `typ`, a key carried in the header, a signer not pinned, a
 * registry past its `exp` (or not yet valid), and a document that is not a trust registry.
 */
export async function verifyTrustRegistry(jws: unknown, anchorKeys: readonly AnchorKey[], now: Date, opts: { maxClockSkewSeconds?: number } = {}): Promise<TrustRegistryResult> {
  const skewMs = (opts.maxClockSkewSeconds ?? DEFAULT_MAX_CLOCK_SKEW_SECONDS) * 1000;
  const refuse = (f: Failure): TrustRegistryResult => ({ ok: false, ...f });
  if (typeof jws !== 'string' || jws.length > MAX_TRUST_REGISTRY_BYTES) {
    return refuse(failure('RESOURCE_LIMIT', 'The trust registry is missing or too large.', 'El registro de confianza falta o es demasiado grande.'));
  }
  const token = jws.trim();
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(token) as Record<string, unknown>;
  } catch {
    return refuse(failure('PARSING_ERROR', 'The trust registry is not a compact JWS.', 'El registro de confianza no es un JWS compacto.'));
  }
  if (FORBIDDEN_KEY_HEADERS.some((h) => h in header)) {
    return refuse(failure('CRYPTOGRAPHIC_SECURITY_ERROR', 'The trust registry names its own key in its header; only pinned keys are used.', 'El registro de confianza trae su propia clave en el encabezado; solo se usan claves fijadas.'));
  }
  if (header.alg !== 'EdDSA') {
    return refuse(failure('UNSUPPORTED_ALGORITHM', `The trust registry uses the algorithm ${String(header.alg)}; only EdDSA is accepted.`, `El registro de confianza usa el algoritmo ${String(header.alg)}; solo se acepta EdDSA.`));
  }
  if (header.typ !== TRUST_REGISTRY_TYP) {
    return refuse(failure('MALFORMED_VALUE_ERROR', `The token is of type ${String(header.typ)}, not a trust registry.`, `El token es de tipo ${String(header.typ)}, no un registro de confianza.`));
  }
  const anchor = anchorKeys.find((k) => k.id === header.kid);
  if (!anchor) {
    return refuse(failure('UNTRUSTED_ISSUER', 'The trust registry is not signed by a pinned authority key.', 'El registro de confianza no está firmado con una clave fijada de la autoridad.'));
  }
  const raw = acceptableKey(anchor.publicKeyMultibase);
  if (!raw) return refuse(failure('CRYPTOGRAPHIC_SECURITY_ERROR', 'The pinned authority key is not a valid Ed25519 key.', 'La clave fijada de la autoridad no es una clave Ed25519 válida.'));

  let payload: Record<string, unknown>;
  try {
    const verified = await compactVerify(token, await importJWK(jwkOf(raw), 'EdDSA'), { algorithms: ['EdDSA'] });
    payload = JSON.parse(new TextDecoder().decode(verified.payload)) as Record<string, unknown>;
  } catch {
    return refuse(failure('CRYPTOGRAPHIC_SECURITY_ERROR', "The trust registry's signature does not verify.", 'La firma del registro de confianza no es válida.'));
  }
  const authorityDid = anchor.id.slice(0, anchor.id.indexOf('#'));
  const claims = z.looseObject({ iss: z.literal(authorityDid), iat: z.number(), exp: z.number(), nbf: z.number().optional() }).safeParse(payload);
  if (!claims.success) {
    return refuse(failure('MALFORMED_VALUE_ERROR', 'The trust registry lacks its issuer or validity claims.', 'Al registro de confianza le faltan el emisor o la vigencia.'));
  }
  const { iat, exp, nbf } = claims.data;
  if (now.getTime() - exp * 1000 > skewMs) {
    return refuse(failure('STATUS_STALE', `The trust registry expired on ${isoOf(exp)}; fetch a new one.`, `El registro de confianza venció el ${isoOf(exp)}; descargue uno nuevo.`));
  }
  if ((nbf ?? iat) * 1000 - now.getTime() > skewMs) {
    return refuse(failure('NOT_YET_VALID', `The trust registry is not valid before ${isoOf(nbf ?? iat)}.`, `El registro de confianza no es válido antes del ${isoOf(nbf ?? iat)}.`));
  }
  const parsed = trustRegistrySchema.safeParse(payload.registry);
  if (!parsed.success || parsed.data.issuer !== authorityDid || parsed.data.authority.did !== authorityDid) {
    return refuse(failure('MALFORMED_VALUE_ERROR', 'The signed document is not a trust registry of this authority.', 'El documento firmado no es un registro de confianza de esta autoridad.'));
  }
  const registry: TrustRegistry = parsed.data;
  // A pinned key the authority itself has since retired or reported compromised signs nothing new.
  const listed = registry.authority.keys.find((k) => k.id === anchor.id);
  if (listed && !keyCoversInstant(listed, iat * 1000)) {
    return refuse(failure('KEY_NOT_VALID_AT_ISSUANCE', 'The trust registry was signed with an authority key that was no longer valid.', 'El registro de confianza se firmó con una clave de la autoridad que ya no estaba vigente.'));
  }
  return { ok: true, trust: { registry, issuedAt: isoOf(iat), nextUpdate: registry.nextUpdate, expiresAt: isoOf(exp), signedBy: anchor.id } };
}

function isoOf(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

/**
 * Was the key in use at `at` (ms)? Every instant is compared at one precision, whole seconds, the precision of a
 * credential's own dates (`validFrom`, proof `created`, JWT `iat`): the key's period is the half-open [activeFrom,
 * activeUntil). Registries published before Avala kept whole seconds may carry milliseconds; the start is rounded
 * down and the end up (a key rotated mid-second signed, dated to that second, until the rotation), and a compromise
 * time is rounded down, fail-safe: a signature dated in the second of the compromise is not trusted.
 */
export function keyCoversInstant(key: TrustKey, at: number): boolean {
  return keyProblemAt(key, at) === null;
}

export function keyProblemAt(key: TrustKey, at: number): 'before' | 'retired' | 'compromised' | null {
  const t = floorSecond(at);
  if (t < floorSecond(Date.parse(key.activeFrom))) return 'before';
  if (key.compromisedAt !== null && t >= floorSecond(Date.parse(key.compromisedAt))) return 'compromised';
  if (key.activeUntil !== null && t >= Math.ceil(Date.parse(key.activeUntil) / 1000) * 1000) return 'retired';
  return null;
}

/** An instant (ms) rounded down to its whole second. */
export function floorSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

/** Lookups over one registry document, built once per document. */
export interface RegistryIndex {
  readonly registry: TrustRegistry;
  body(did: string): TrustBody | undefined;
  key(id: string): { key: TrustKey; body: TrustBody } | undefined;
  standard(code: string, version: number): TrustStandard | undefined;
}

const indexes = new WeakMap<TrustRegistry, RegistryIndex>();

export function indexRegistry(registry: TrustRegistry): RegistryIndex {
  const cached = indexes.get(registry);
  if (cached) return cached;
  const bodies = new Map(registry.bodies.map((b) => [b.did, b]));
  const keys = new Map<string, { key: TrustKey; body: TrustBody }>();
  for (const body of registry.bodies) for (const key of body.keys) keys.set(key.id, { key, body });
  const standards = new Map(registry.standards.map((s) => [`${s.code}@${s.version}`, s]));
  const index: RegistryIndex = {
    registry,
    body: (did) => bodies.get(did),
    key: (id) => keys.get(id),
    standard: (code, version) => standards.get(`${code}@${version}`),
  };
  indexes.set(registry, index);
  return index;
}
