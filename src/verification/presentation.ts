import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { verify as vcVerifyPresentation } from '@digitalbazaar/vc';
import { compactVerify, importJWK } from 'jose';
import { asArray, checkContexts, jsonCopy, jsonPart } from './decode.js';
import { createVerificationLoader } from './document-loader.js';
import { FORBIDDEN_KEY_HEADERS, jwkOf, resolveVerificationMethod, short } from './keys.js';
import { LIMITS } from './limits.js';
import type { Check, PresentationReport, Warning } from './model.js';
import { boundedCryptosuite, explainProofError } from './proof-data-integrity.js';
import { fail, failure, pass, isFailure, type Failure } from './reasons.js';
import { indexRegistry } from './trust-registry.js';
import { verifyCredential, type VerificationContext } from './verify.js';

export interface PresentationOptions {
  /** The challenge the verifier issued; a signed presentation must carry it. */
  challenge?: string;
  /** The verifier's domain, when it asked for one. */
  domain?: string;
}

/**
 * Verifies a VerifiablePresentation: unsigned (each credential is verified on its own merits), or signed by its
 * holder (Data Integrity eddsa-rdfc-2022, proof purpose `authentication`, answering the caller's `challenge` and
 * `domain`, the key being the holder's did:key). Every credential inside goes through `verifyCredential`.
 */
export async function verifyPresentation(input: unknown, ctx: VerificationContext & PresentationOptions): Promise<PresentationReport> {
  const warnings: Warning[] = [];
  const enveloped = envelopedPresentation(input);
  if (enveloped) return verifyJwtPresentation(enveloped, ctx);
  const shape = presentationShape(input, ctx.contexts);
  if (isFailure(shape)) return { verified: false, checks: [fail('format', shape)], warnings, holder: null, credentials: [] };
  const { vp, holder, credentials } = shape;
  const checks: Check[] = [pass('format', `A presentation with ${credentials.length} credential(s).`, `Una presentación con ${credentials.length} credencial(es).`)];

  if (vp.proof === undefined) {
    if (ctx.challenge !== undefined) {
      checks.push(fail('proof', failure('PROOF_VERIFICATION_ERROR', 'The presentation is unsigned, so it cannot answer the challenge.', 'La presentación no está firmada, así que no puede responder al reto.')));
    } else {
      checks.push(pass('proof', 'Unsigned presentation: each credential is verified on its own.', 'Presentación sin firma: cada credencial se verifica por sí misma.'));
      warnings.push({ code: 'UNSIGNED_PRESENTATION', message: 'Nothing binds this presentation to the person presenting it.', messageEs: 'Nada vincula esta presentación con la persona que la presenta.' });
    }
  } else {
    const proof = await holderProof(vp, holder, ctx);
    checks.push(isFailure(proof) ? fail('proof', proof) : pass('proof', `Presented by ${short(proof)}, answering the challenge.`, `Presentada por ${short(proof)}, respondiendo al reto.`));
  }

  const reports = [];
  for (const c of credentials) reports.push(await verifyCredential(c, ctx));
  const verified = checks.every((c) => c.status === 'pass') && reports.every((r) => r.verified);
  return { verified, checks, warnings, holder, credentials: reports };
}

function presentationShape(input: unknown, contexts: ReadonlyMap<string, unknown>): { vp: Record<string, unknown>; holder: string | null; credentials: unknown[] } | Failure {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return failure('PARSING_ERROR', 'A presentation must be a JSON object.', 'Una presentación debe ser un objeto JSON.');
  }
  const copied = jsonCopy(input);
  if (!copied.ok) return copied.failure;
  const vp = copied.value;
  // A Data Integrity presentation may be VC 1.1 (a wallet presenting credentials it holds).
  const ctx = checkContexts(vp['@context'], contexts, { allowV1: true });
  if (ctx) return ctx;
  if (!asArray(vp.type).includes('VerifiablePresentation')) {
    return failure('MALFORMED_VALUE_ERROR', 'The type must include VerifiablePresentation.', 'El tipo debe incluir VerifiablePresentation.');
  }
  const holderValue = typeof vp.holder === 'object' && vp.holder !== null ? (vp.holder as { id?: unknown }).id : vp.holder;
  if (holderValue !== undefined && typeof holderValue !== 'string') return failure('MALFORMED_VALUE_ERROR', 'The holder must be a DID.', 'El titular debe ser un DID.');
  const credentials = asArray(vp.verifiableCredential);
  if (credentials.length > LIMITS.presentationCredentials) {
    return failure('RESOURCE_LIMIT', `A presentation may carry at most ${LIMITS.presentationCredentials} credentials.`, `Una presentación puede llevar como máximo ${LIMITS.presentationCredentials} credenciales.`);
  }
  return { vp, holder: holderValue ?? null, credentials };
}

/** The holder's proof; returns the holder DID that signed. */
async function holderProof(vp: Record<string, unknown>, holder: string | null, ctx: VerificationContext & PresentationOptions): Promise<string | Failure> {
  const proofs = asArray(vp.proof);
  const p = proofs[0] as Record<string, unknown> | undefined;
  if (proofs.length !== 1 || !p || typeof p !== 'object' || p.type !== 'DataIntegrityProof' || p.cryptosuite !== 'eddsa-rdfc-2022') {
    return failure('UNSUPPORTED_ALGORITHM', 'A signed presentation needs exactly one DataIntegrityProof with eddsa-rdfc-2022.', 'Una presentación firmada necesita exactamente una DataIntegrityProof con eddsa-rdfc-2022.');
  }
  if (p.proofPurpose !== 'authentication') {
    return failure('PROOF_VERIFICATION_ERROR', 'The presentation was not signed for authentication.', 'La presentación no se firmó para autenticación.');
  }
  if (ctx.challenge === undefined) {
    return failure('PROOF_VERIFICATION_ERROR', 'A signed presentation is checked against the challenge you issued; none was given.', 'Una presentación firmada se comprueba contra el reto que usted emitió; no se indicó ninguno.');
  }
  const index = indexRegistry(ctx.trust.registry);
  const vm = typeof p.verificationMethod === 'string' ? p.verificationMethod : undefined;
  const key = resolveVerificationMethod(index, vm, holder ?? vm?.slice(0, vm.indexOf('#')));
  if (isFailure(key)) return key;
  let result: Awaited<ReturnType<typeof vcVerifyPresentation>>;
  try {
    result = await vcVerifyPresentation({
      presentation: structuredClone(vp),
      suite: new DataIntegrityProof({ cryptosuite: boundedCryptosuite(ctx.canonicalizationMs) }),
      documentLoader: createVerificationLoader(ctx.contexts, index),
      challenge: ctx.challenge,
      ...(ctx.domain !== undefined ? { domain: ctx.domain } : {}),
      now: ctx.now,
      // The library also verifies the credentials inside, but only its verdict on the presentation's own proof is
      // used here; each credential gets Avala's full checks (status included) from verifyCredential.
      checkStatus: async () => ({ verified: true }),
    });
  } catch (e) {
    return explainProofError(e, key);
  }
  if (result.presentationResult?.verified === true) return key.did;
  return explainProofError(result.presentationResult?.error ?? result.error, key);
}

const VP_JWT_DATA_URL_PREFIX = 'data:application/vp+jwt,';
const VP_JWT_TYPES = new Set(['vp+jwt', 'application/vp+jwt']);
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** The compact JWS of an `EnvelopedVerifiablePresentation` (VC-JOSE-COSE: `data:application/vp+jwt,<jws>`), or null. */
function envelopedPresentation(input: unknown): string | Failure | null {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return null;
  const o = input as Record<string, unknown>;
  if (!asArray(o.type).includes('EnvelopedVerifiablePresentation')) return null;
  const id = o.id;
  if (typeof id !== 'string' || !id.startsWith(VP_JWT_DATA_URL_PREFIX)) {
    return failure('MALFORMED_VALUE_ERROR', 'An enveloped presentation must be a data:application/vp+jwt, URL.', 'Una presentación envuelta debe ser una URL data:application/vp+jwt,.');
  }
  const jws = id.slice(VP_JWT_DATA_URL_PREFIX.length);
  if (jws.length > LIMITS.credentialBytes * 2 || !COMPACT_JWS.test(jws)) return failure('PARSING_ERROR', 'The enveloped presentation is not a compact JWS of a readable size.', 'La presentación envuelta no es un JWS compacto de tamaño legible.');
  return jws;
}

/**
 * A presentation secured as VC-JOSE `application/vp+jwt`: signed by its holder's key (the `kid` a DID URL of the
 * holder, resolved offline: a did:key or a body's key in the trust registry; never a key carried in the token),
 * EdDSA only; a challenge is the JWT's `nonce` and a domain its `aud`, as for a Data Integrity presentation a signed
 * one must answer the challenge the verifier issued. Each credential inside goes through `verifyCredential`.
 */
async function verifyJwtPresentation(jws: string | Failure, ctx: VerificationContext & PresentationOptions): Promise<PresentationReport> {
  const refused = (f: Failure): PresentationReport => ({ verified: false, checks: [fail('format', f)], warnings: [], holder: null, credentials: [] });
  if (isFailure(jws)) return refused(jws);
  const [h, p] = jws.split('.');
  const header = jsonPart(h!);
  const payload = jsonPart(p!);
  if (!header || !payload) return refused(failure('PARSING_ERROR', 'The presentation JWT does not decode to JSON.', 'El JWT de la presentación no se decodifica como JSON.'));
  if (typeof header.typ !== 'string' || !VP_JWT_TYPES.has(header.typ.toLowerCase())) {
    return refused(failure('MALFORMED_VALUE_ERROR', `The token's type is "${short(String(header.typ))}", not vp+jwt.`, `El tipo del token es "${short(String(header.typ))}", no vp+jwt.`));
  }
  const shape = presentationShape(payload, ctx.contexts);
  if (isFailure(shape)) return refused(shape);
  const { holder, credentials } = shape;
  const checks: Check[] = [pass('format', `A JWT presentation with ${credentials.length} credential(s).`, `Una presentación JWT con ${credentials.length} credencial(es).`)];
  const proof = await jwtHolderProof(jws, header, payload, holder, ctx);
  checks.push(isFailure(proof) ? fail('proof', proof) : pass('proof', `Presented by ${short(proof)}, answering the challenge.`, `Presentada por ${short(proof)}, respondiendo al reto.`));
  const reports = [];
  for (const c of credentials) reports.push(await verifyCredential(c, ctx));
  return { verified: checks.every((c) => c.status === 'pass') && reports.every((r) => r.verified), checks, warnings: [], holder, credentials: reports };
}

async function jwtHolderProof(jws: string, header: Record<string, unknown>, payload: Record<string, unknown>, holder: string | null, ctx: VerificationContext & PresentationOptions): Promise<string | Failure> {
  const carried = FORBIDDEN_KEY_HEADERS.find((k) => k in header);
  if (carried) return failure('CRYPTOGRAPHIC_SECURITY_ERROR', `The token carries its own key ("${carried}" header); keys are resolved from DIDs only.`, `El token trae su propia clave (encabezado "${carried}"); las claves se resuelven solo desde DID.`);
  if (header.alg !== 'EdDSA') return failure('UNSUPPORTED_ALGORITHM', `The presentation is signed with "${short(String(header.alg))}"; only EdDSA is accepted.`, `La presentación está firmada con "${short(String(header.alg))}"; solo se acepta EdDSA.`);
  if (ctx.challenge === undefined) {
    return failure('PROOF_VERIFICATION_ERROR', 'A signed presentation is checked against the challenge you issued; none was given.', 'Una presentación firmada se comprueba contra el reto que usted emitió; no se indicó ninguno.');
  }
  if (payload.nonce !== ctx.challenge) return failure('PROOF_VERIFICATION_ERROR', 'The presentation does not answer the challenge that was issued (nonce).', 'La presentación no responde al reto emitido (nonce).');
  if (ctx.domain !== undefined && !asArray(payload.aud).includes(ctx.domain)) return failure('PROOF_VERIFICATION_ERROR', 'The presentation was made for another domain (aud).', 'La presentación se hizo para otro dominio (aud).');
  const kid = typeof header.kid === 'string' && header.kid.startsWith('#') && holder ? `${holder}${header.kid}` : header.kid;
  const index = indexRegistry(ctx.trust.registry);
  const key = resolveVerificationMethod(index, kid, holder ?? (typeof kid === 'string' ? kid.slice(0, kid.indexOf('#')) : undefined));
  if (isFailure(key)) return key;
  try {
    await compactVerify(jws, await importJWK(jwkOf(key.raw), 'EdDSA'), { algorithms: ['EdDSA'] });
  } catch {
    return failure('CRYPTOGRAPHIC_SECURITY_ERROR', `The presentation's signature does not verify with ${short(key.id)}.`, `La firma de la presentación no es válida con ${short(key.id)}.`);
  }
  const at = ctx.now.getTime() / 1000;
  if (typeof payload.exp === 'number' && payload.exp < at) return failure('PROOF_VERIFICATION_ERROR', 'The presentation has expired (exp).', 'La presentación venció (exp).');
  if (typeof payload.nbf === 'number' && payload.nbf > at + 300) return failure('PROOF_VERIFICATION_ERROR', 'The presentation is not valid yet (nbf).', 'La presentación todavía no es válida (nbf).');
  return key.did;
}
