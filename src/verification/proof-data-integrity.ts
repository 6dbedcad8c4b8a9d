import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { CredentialIssuancePurpose, verifyCredential as vcVerifyCredential } from '@digitalbazaar/vc';
import { dateTimeStamp } from '../vc/index.js';
import { LoaderRefusal, type VerificationDocumentLoader } from './document-loader.js';
import { resolveVerificationMethod, short, type ResolvedKey } from './keys.js';
import { LIMITS } from './limits.js';
import { failure, isFailure, type Failure } from './reasons.js';
import type { RegistryIndex } from './trust-registry.js';

export interface DataIntegrityOutcome {
  key: ResolvedKey;
  created: string | null;
  expires: string | null;
}

const PURPOSE = new CredentialIssuancePurpose();

/**
 * Data Integrity, cryptosuite `eddsa-rdfc-2022`: one proof, or a proof set (an unordered list, VC Data Integrity
 * §2.1.2) of which EVERY proof must verify, each by a key of the issuer. `@digitalbazaar/vc` accepts a set when any
 * one proof verifies, which would let an unverifiable proof ride along, so each is verified on its own (the
 * credential with that proof alone). A proof chain (`previousProof`) is refused. Returns one outcome per proof.
 */
export async function verifyDataIntegrityProofs(
  credential: Record<string, unknown>,
  issuer: string,
  index: RegistryIndex,
  loader: VerificationDocumentLoader,
  opts: { now: Date; canonicalizationMs?: number },
): Promise<DataIntegrityOutcome[] | Failure> {
  const proof = credential.proof;
  if (proof === undefined) return failure('PROOF_VERIFICATION_ERROR', 'The credential carries no proof: anyone could have written it.', 'La credencial no lleva prueba: cualquiera pudo haberla escrito.');
  const proofs = Array.isArray(proof) ? proof : [proof];
  if (proofs.length === 0) return failure('PROOF_VERIFICATION_ERROR', 'The credential carries an empty proof set.', 'La credencial lleva un conjunto de pruebas vacío.');
  if (proofs.length > LIMITS.proofSet) return failure('RESOURCE_LIMIT', `The credential carries ${proofs.length} proofs; at most ${LIMITS.proofSet} are verified.`, `La credencial lleva ${proofs.length} pruebas; se verifican como máximo ${LIMITS.proofSet}.`);
  if (proofs.some((p) => p !== null && typeof p === 'object' && 'previousProof' in p)) {
    return failure('PROOF_VERIFICATION_ERROR', 'The credential carries a proof chain (previousProof); only single proofs and proof sets are accepted.', 'La credencial lleva una cadena de pruebas (previousProof); solo se aceptan pruebas únicas y conjuntos de pruebas.');
  }
  const outcomes: DataIntegrityOutcome[] = [];
  for (const [i, p] of proofs.entries()) {
    const one = await verifyOneProof({ ...credential, proof: p }, issuer, index, loader, opts);
    if (isFailure(one)) {
      if (proofs.length === 1) return one;
      return { ...one, message: `Proof ${i + 1} of ${proofs.length}: ${one.message}`, messageEs: `Prueba ${i + 1} de ${proofs.length}: ${one.messageEs}` };
    }
    outcomes.push(one);
  }
  return outcomes;
}

async function verifyOneProof(
  credential: Record<string, unknown>,
  issuer: string,
  index: RegistryIndex,
  loader: VerificationDocumentLoader,
  opts: { now: Date; canonicalizationMs?: number },
): Promise<DataIntegrityOutcome | Failure> {
  const shape = proofShape(credential.proof);
  if (isFailure(shape)) return shape;
  // Resolve the key first: a clear reason (wrong issuer, unknown or weak key) without spending a canonicalization.
  const key = resolveVerificationMethod(index, shape.verificationMethod, issuer);
  if (isFailure(key)) return key;

  const result = await vcVerifyCredential({
    // The library may annotate what it is given; the caller's object stays as it came.
    credential: structuredClone(credential),
    suite: new DataIntegrityProof({ cryptosuite: boundedCryptosuite(opts.canonicalizationMs) }),
    purpose: PURPOSE,
    documentLoader: loader,
    // The library folds the validity window into its verdict; Avala reports that window as its own check, so the
    // proof is judged at the credential's own start (validFrom ≤ validUntil was checked by the format step).
    now: libraryNow(credential, opts.now),
    // Status is Avala's revocation and suspension checks, run only after this proof passes; the library's own
    // status hook must be given for credentials that carry `credentialStatus`, and its verdict is not used.
    checkStatus: async () => ({ verified: true }),
  });
  if (result.verified) return { key, created: shape.created, expires: shape.expires };
  return explainProofError(result.error, key);
}

/**
 * eddsa-rdfc-2022 with promise 4 of docs/reliability.md's bounds on canonicalization: rdf-canonize's work factor (deep
 * iterations about O(n) in the blank nodes) and a time limit it checks while iterating. The input is already bounded
 * in size and depth by the format step. One per verification, since the time limit starts when it is made.
 */
export function boundedCryptosuite(ms: number = LIMITS.canonicalizationMs): typeof cryptosuite {
  const signal = AbortSignal.timeout(ms);
  const canonize = cryptosuite.canonize as (input: unknown, options: Record<string, unknown>) => Promise<string>;
  return { ...cryptosuite, canonize: (input: unknown, options: Record<string, unknown>) => canonize(input, { ...options, maxWorkFactor: 1, signal }) };
}

const BASE58BTC_MULTIBASE = /^z[1-9A-HJ-NP-Za-km-z]+$/;

interface ProofShape {
  verificationMethod: string;
  created: string | null;
  expires: string | null;
}

function proofShape(proof: unknown): ProofShape | Failure {
  const p = proof as Record<string, unknown> | null;
  if (p === null || typeof p !== 'object') return failure('MALFORMED_VALUE_ERROR', 'The proof is not an object.', 'La prueba no es un objeto.');
  if (p.type !== 'DataIntegrityProof' || p.cryptosuite !== 'eddsa-rdfc-2022') {
    return failure(
      'UNSUPPORTED_ALGORITHM',
      `The proof is ${short(String(p.type))}/${short(String(p.cryptosuite))}; only DataIntegrityProof with eddsa-rdfc-2022 is accepted.`,
      `La prueba es ${short(String(p.type))}/${short(String(p.cryptosuite))}; solo se acepta DataIntegrityProof con eddsa-rdfc-2022.`,
    );
  }
  if (p.proofPurpose !== 'assertionMethod') {
    return failure('PROOF_VERIFICATION_ERROR', 'The proof was not made for issuing credentials (proofPurpose assertionMethod).', 'La prueba no se hizo para emitir credenciales (proofPurpose assertionMethod).');
  }
  if (typeof p.proofValue !== 'string') return failure('MALFORMED_VALUE_ERROR', 'The proof has no proofValue.', 'La prueba no tiene proofValue.');
  // eddsa-rdfc-2022, "Verify Proof": the proofValue is a multibase base58-btc value ('z…'); another base (base64url
  // 'u…' decodes to the same signature) is an error of type PROOF_VERIFICATION_ERROR.
  if (!BASE58BTC_MULTIBASE.test(p.proofValue)) {
    return failure('PROOF_VERIFICATION_ERROR', 'The proofValue is not base58-btc multibase (z…), as eddsa-rdfc-2022 requires.', 'El proofValue no está en multibase base58-btc (z…), como exige eddsa-rdfc-2022.');
  }
  for (const prop of ['created', 'expires'] as const) {
    if (p[prop] !== undefined && !dateTimeStamp.safeParse(p[prop]).success) {
      return failure('MALFORMED_VALUE_ERROR', `The proof's ${prop} is not a date-time with a time zone.`, `El campo ${prop} de la prueba no es una fecha y hora con zona horaria.`);
    }
  }
  // VC Data Integrity: verificationMethod is a URL (a string); an embedded key object is refused, not followed.
  const vm = p.verificationMethod;
  if (typeof vm !== 'string') {
    return vm !== null && typeof vm === 'object'
      ? failure('MALFORMED_VALUE_ERROR', 'The proof gives its verificationMethod as an object; it must be the URL of the key.', 'La prueba da su verificationMethod como objeto; debe ser la URL de la clave.')
      : failure('MALFORMED_VALUE_ERROR', 'The proof does not name its key.', 'La prueba no identifica su clave.');
  }
  return { verificationMethod: vm, created: (p.created as string | undefined) ?? null, expires: (p.expires as string | undefined) ?? null };
}

function libraryNow(credential: Record<string, unknown>, now: Date): Date {
  // issuanceDate / expirationDate: the same window in a VC 1.1 credential.
  for (const prop of ['validFrom', 'validUntil', 'issuanceDate', 'expirationDate'] as const) {
    const v = credential[prop];
    if (typeof v === 'string' && !Number.isNaN(Date.parse(v))) return new Date(Date.parse(v));
  }
  return now;
}

/** The libraries wrap errors in each other (jsigs → jsonld → our loader): find the most telling one. */
export function explainProofError(error: unknown, key: ResolvedKey): Failure {
  const all = flatten(error);
  const refusal = all.find((e): e is LoaderRefusal => e instanceof LoaderRefusal);
  if (refusal) return refusal.failure;
  const text = all.map((e) => `${(e as { name?: string }).name ?? ''}: ${(e as { message?: string }).message ?? ''}`).join('\n');
  if (/jsonld\.ValidationError|Safe mode validation/i.test(text)) {
    return failure('DATA_LOSS_DETECTION_ERROR', 'The credential holds properties no context defines, so the proof would not cover them.', 'La credencial tiene propiedades que ningún contexto define, así que la prueba no las cubriría.');
  }
  if (/Maximum deep iterations exceeded|Abort signal received|Canonize timeout/i.test(text)) {
    return failure('RESOURCE_LIMIT', 'The credential is too complex to canonicalize within the limits.', 'La credencial es demasiado compleja para canonicalizarla dentro de los límites.');
  }
  if (/issuer must match the verification method controller/i.test(text)) {
    return failure('ISSUER_MISMATCH', 'The key that signed is not controlled by the issuer.', 'La clave que firmó no pertenece al emisor.');
  }
  if (/challenge/i.test(text)) {
    return failure('PROOF_VERIFICATION_ERROR', 'The presentation does not answer the challenge that was issued.', 'La presentación no responde al reto emitido.');
  }
  if (/domain/i.test(text)) {
    return failure('PROOF_VERIFICATION_ERROR', 'The presentation was made for another domain.', 'La presentación se hizo para otro dominio.');
  }
  if (/not authorized by controller/i.test(text)) {
    return failure('PROOF_VERIFICATION_ERROR', `${short(key.id)} is not listed for issuing credentials.`, `${short(key.id)} no está autorizada para emitir credenciales.`);
  }
  return failure('PROOF_VERIFICATION_ERROR', `The proof does not verify with ${short(key.id)}: the content was changed or another key signed it.`, `La prueba no es válida con ${short(key.id)}: el contenido se alteró o la firmó otra clave.`);
}

function flatten(root: unknown): unknown[] {
  const out: unknown[] = [];
  const queue = [root];
  while (queue.length > 0 && out.length < 50) {
    const e = queue.shift();
    if (e === null || typeof e !== 'object') continue;
    out.push(e);
    const x = e as { errors?: unknown; cause?: unknown; details?: { cause?: unknown } };
    if (Array.isArray(x.errors)) queue.push(...x.errors);
    queue.push(x.cause, x.details?.cause);
  }
  return out;
}
