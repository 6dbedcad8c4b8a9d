import { factsOf, issuerAccredited, keyValidAtIssuance, standardKnown, trustRegistryFresh, validityWindow, type Signed } from './checks.js';
import { competencyCertificate } from './competency.js';
import { decodeCredential, type DecodedCredential, type QrDecoder } from './decode.js';
import { createVerificationLoader } from './document-loader.js';
import { DEFAULT_MAX_CLOCK_SKEW_SECONDS } from './limits.js';
import { CHECK_NAMES, type Check, type CheckName, type VerificationReport, type Warning } from './model.js';
import { verifyDataIntegrityProofs } from './proof-data-integrity.js';
import { verifyJwtProof } from './proof-jwt.js';
import { verifyCwtProof } from './proof-cwt.js';
import { fail, pass, unknown, isFailure, type Failure } from './reasons.js';
import { checkStatusPurpose, type StatusListCache, type StatusListFetcher } from './status.js';
import { checkSuperseded } from './supersession.js';
import { indexRegistry, type RegistryIndex, type VerifiedTrustRegistry } from './trust-registry.js';
import { AVALA_LEGACY_CONTEXT_URL } from '../vc/index.js';

/** Everything one verification needs, passed in: the library holds no state and does no I/O of its own. */
export interface VerificationContext {
  /** A registry checked by `verifyTrustRegistry` (the verifier's trust comes from here and nowhere else). */
  trust: VerifiedTrustRegistry;
  /** The JSON-LD contexts the verifier may use, by URL (in Node: the files of `contexts/`). */
  contexts: ReadonlyMap<string, unknown>;
  /** Where status lists come from; without one, revocation and suspension are `unknown`. */
  statusLists?: StatusListFetcher;
  statusCache?: StatusListCache;
  /**
   * Where supersession registers come from (the address is the trust registry's, for the issuer); without one,
   * `superseded` is `unknown`. Give it a size bound of `LIMITS.supersessionRegisterBytes`.
   */
  supersessions?: StatusListFetcher;
  /** Reads a QR payload; without one, QR text is refused as unreadable. */
  decodeQr?: QrDecoder;
  now: Date;
  /** The checks to report (default: all). `format` always runs; the proof runs whenever a later check needs it. */
  checks?: readonly CheckName[];
  /** Default 300 s (promise 13 of docs/reliability.md). */
  maxClockSkewSeconds?: number;
  canonicalizationMs?: number;
}

const NOT_READ: [string, string] = ['Not checked: the input is not a readable credential.', 'No se comprobó: la entrada no es una credencial legible.'];
const NO_PROOF: [string, string] = ['Not checked: the proof did not verify, so nothing the credential says can be relied on.', 'No se comprobó: la prueba no es válida, así que nada de lo que dice la credencial es confiable.'];

/**
 * Verifies a credential — Data Integrity JSON, a compact VC-JWT, an `EnvelopedVerifiableCredential`, or a QR payload
 * — and returns a report of named checks. Never throws for bad input: every refusal is a check that failed (or could
 * not be decided); it throws only when the infrastructure itself breaks.
 */
export async function verifyCredential(input: unknown, ctx: VerificationContext): Promise<VerificationReport> {
  const wanted = new Set<CheckName>(['format', ...(ctx.checks ?? CHECK_NAMES)]);
  const skewMs = (ctx.maxClockSkewSeconds ?? DEFAULT_MAX_CLOCK_SKEW_SECONDS) * 1000;
  const index = indexRegistry(ctx.trust.registry);
  // The context URLs the authority signed into the registry name the one file this verifier holds as Avala's.
  ctx = { ...ctx, contexts: withAvalaContextUrls(ctx.contexts, ctx.trust.registry.contextUrls ?? []) };
  const results = new Map<CheckName, Check>();
  const warnings: Warning[] = [];
  const fresh = trustRegistryFresh(ctx.trust, ctx.now, skewMs);
  results.set('trust_registry_fresh', fresh.check);
  warnings.push(...fresh.warnings);

  const decoded = decodeCredential(input, { contexts: ctx.contexts, decodeQr: ctx.decodeQr });
  if (isFailure(decoded)) {
    results.set('format', fail('format', decoded));
    return report(wanted, results, warnings, null, null, NOT_READ);
  }
  const label =
    decoded.format === 'vc-jwt' ? ['a VC-JWT (application/vc+jwt)', 'un VC-JWT (application/vc+jwt)']
    : decoded.format === 'cwt' ? ['the QR code\'s signed claims (format 2: COSE_Sign1/CWT)', 'los datos firmados del código QR (formato 2: COSE_Sign1/CWT)']
    : ['a Data Integrity credential', 'una credencial con Data Integrity'];
  results.set('format', pass('format', `Read as ${label[0]}.`, `Se leyó como ${label[1]}.`));

  const needsProof = [...wanted].some((n) => n !== 'format' && n !== 'trust_registry_fresh');
  if (!needsProof) return report(wanted, results, warnings, decoded.format, null, NO_PROOF);
  const signed = await prove(decoded, index, ctx);
  if (isFailure(signed)) {
    results.set('proof', fail('proof', signed));
    return report(wanted, results, warnings, decoded.format, null, NO_PROOF);
  }
  const via = signed.key.body ? signed.key.body.name : signed.key.did;
  results.set('proof', pass('proof', `Signed by ${via} with ${signed.key.id}; nothing was changed since.`, `Firmada por ${via} con ${signed.key.id}; nada cambió desde entonces.`));

  const { credential, issuer } = decoded;
  // Every proof of a set is judged by its own key's period: one made with a key after its compromise fails all.
  const keyChecks = [signed, ...(signed.others ?? [])].map((s) => keyValidAtIssuance(credential, s));
  results.set('key_valid_at_issuance', keyChecks.find((c) => c.status !== 'pass') ?? keyChecks[0]!);
  results.set('competency_certificate', competencyCertificate(credential));
  results.set('issuer_accredited', issuerAccredited(index, issuer, credential, signed));
  // Format 2 names the standard by code and version only: its title and level are the registry's word, not compared.
  results.set('standard_known', standardKnown(index, credential, signed, { describes: decoded.format !== 'cwt' }));
  results.set('validity_window', validityWindow(credential, signed, ctx.now, skewMs));
  const statusCtx = { index, contexts: ctx.contexts, fetcher: ctx.statusLists, cache: ctx.statusCache, now: ctx.now, skewMs, canonicalizationMs: ctx.canonicalizationMs };
  for (const purpose of ['revocation', 'suspension'] as const) {
    if (wanted.has(purpose)) results.set(purpose, await checkStatusPurpose(purpose, credential, issuer, statusCtx));
  }
  let facts = factsOf(index, credential, issuer, signed);
  if (wanted.has('superseded')) {
    const s = await checkSuperseded(credential, issuer, { index, fetcher: ctx.supersessions, now: ctx.now, skewMs });
    results.set('superseded', s.check);
    if (s.supersession && facts) facts = { ...facts, supersession: s.supersession };
  }
  return report(wanted, results, warnings, decoded.format, facts, NO_PROOF);
}

async function prove(decoded: DecodedCredential, index: RegistryIndex, ctx: VerificationContext): Promise<Signed | Failure> {
  if (decoded.format === 'cwt') {
    const key = await verifyCwtProof(decoded.cose, decoded.issuer, index);
    if (isFailure(key)) return key;
    const iat = decoded.cose.claims.signedAt;
    return { key, created: null, expires: null, iat: iat === null ? null : Date.parse(iat) / 1000 };
  }
  if (decoded.format === 'vc-jwt') {
    const key = await verifyJwtProof(decoded, index);
    if (isFailure(key)) return key;
    return { key, created: null, expires: null, iat: typeof decoded.raw.iat === 'number' ? decoded.raw.iat : null };
  }
  const loader = createVerificationLoader(ctx.contexts, index);
  const di = await verifyDataIntegrityProofs(decoded.raw, decoded.issuer, index, loader, { now: ctx.now, canonicalizationMs: ctx.canonicalizationMs });
  if (isFailure(di)) return di;
  const [first, ...others] = di.map((o) => ({ key: o.key, created: o.created, expires: o.expires, iat: null }));
  return { ...first!, ...(others.length ? { others } : {}) };
}

/** The wanted checks in their fixed order; one that could not run is `unknown`, saying why. */
function report(
  wanted: ReadonlySet<CheckName>,
  results: ReadonlyMap<CheckName, Check>,
  warnings: Warning[],
  format: VerificationReport['format'],
  facts: VerificationReport['facts'],
  whyNot: [string, string],
): VerificationReport {
  const checks = CHECK_NAMES.filter((n) => wanted.has(n)).map((n) => results.get(n) ?? unknown(n, null, whyNot[0], whyNot[1]));
  return { verified: checks.every((c) => c.status === 'pass'), format, checks, warnings, facts };
}

/** `contexts` with each of `urls` mapped to Avala's context (held under the legacy URL); other contexts are never remapped. */
function withAvalaContextUrls(contexts: ReadonlyMap<string, unknown>, urls: readonly string[]): ReadonlyMap<string, unknown> {
  const doc = contexts.get(AVALA_LEGACY_CONTEXT_URL);
  const fresh = urls.filter((u) => !contexts.has(u));
  if (doc === undefined || fresh.length === 0) return contexts;
  const map = new Map(contexts);
  for (const u of fresh) map.set(u, doc);
  return map;
}
