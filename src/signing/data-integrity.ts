import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { CredentialIssuancePurpose, issue } from '@digitalbazaar/vc';
import type { Signer } from '../keystore/index.js';
import type { DocumentLoader } from '../resolver/index.js';
import { asCredentialError } from './terms.js';

type Canonize = (input: unknown, options: { documentLoader?: unknown; safe?: boolean; base?: string | null; [k: string]: unknown }) => Promise<string>;

const canonize = (cryptosuite as unknown as { canonize: Canonize }).canonize;

// Proof configurations are tiny and, within one second and one key, identical: the key is their whole JSON, so
// a bounded map keeps the recent ones. Anything larger is not a proof configuration worth keeping.
const PROOF_CACHE_MAX = 64;
const PROOF_KEY_MAX_CHARS = 4096;

// Canonical N-Quads depend on the input JSON, the options and what the loader answers for its contexts; our
// loaders answer only from the frozen files in contexts/, so one map per loader is exact.
const proofCanon = new WeakMap<object, Map<string, Promise<string>>>();

/**
 * The eddsa-rdfc-2022 cryptosuite, except that the canonical form of a proof configuration is reused. The suite
 * canonicalizes two documents per signature: the credential, and the proof configuration (`@context` of the
 * credential + type, cryptosuite, created, verificationMethod, proofPurpose). The second is the same for every
 * credential a key signs within a second, and canonicalizing it costs about 1.5 ms because its `@context` is the
 * credential's (Open Badges 3.0 included). The result is keyed by the exact JSON, so a different input is simply
 * a miss; a failure is never kept.
 */
export const reusingCryptosuite = {
  ...cryptosuite,
  canonize(input: unknown, options: Parameters<Canonize>[1]): Promise<string> {
    const loader = options.documentLoader;
    if (!isProofConfiguration(input) || typeof loader !== 'function') return canonize(input, options);
    const key = JSON.stringify([input, options.safe, options.base, options.skipExpansion]);
    if (key.length > PROOF_KEY_MAX_CHARS) return canonize(input, options);
    let cache = proofCanon.get(loader);
    if (!cache) proofCanon.set(loader, (cache = new Map()));
    const hit = cache.get(key);
    if (hit) return hit;
    const job = canonize(input, options);
    cache.set(key, job);
    if (cache.size > PROOF_CACHE_MAX) cache.delete(cache.keys().next().value!);
    job.catch(() => cache.delete(key));
    return job;
  },
};

function isProofConfiguration(input: unknown): boolean {
  const p = input as Record<string, unknown> | null;
  return typeof p === 'object' && p !== null && p.type === 'DataIntegrityProof' && typeof p.cryptosuite === 'string' && !('proofValue' in p);
}

// Stateless, so one instance serves every signature. (The suite holds the signer and the proof date, so it is made
// per call: a few property assignments; processing the contexts, the costly part, jsonld.js caches by URL.)
const ISSUANCE_PURPOSE = new CredentialIssuancePurpose();

/**
 * Secures a credential with a Data Integrity proof, cryptosuite `eddsa-rdfc-2022` (RDF canonicalization in safe
 * mode, so a term no context defines fails the signing instead of going unsigned: `ERR_INVALID_CREDENTIAL`, or
 * the loader's `ERR_CONTEXT_NOT_ALLOWED`). The one Data Integrity signature of the service: the signing workers
 * and the calling thread both run it, so both give the same bytes. `signer.sign` receives the 64-byte verify data
 * (hash of the canonical proof configuration ‖ hash of the canonical credential); in a worker it is a message to
 * the thread holding the key. `created` defaults to the current time.
 */
export async function signDataIntegrity(
  credential: Record<string, unknown>,
  signer: Pick<Signer, 'id' | 'algorithm' | 'sign'>,
  documentLoader: DocumentLoader,
  opts: { created?: Date } = {},
): Promise<Record<string, unknown>> {
  if ('proof' in credential) throw new TypeError('the credential already carries a proof');
  const suite = new DataIntegrityProof({ signer, cryptosuite: reusingCryptosuite, ...(opts.created ? { date: opts.created } : {}) });
  try {
    // The library adds `proof` to what it is given: sign a copy so the caller's object stays the unsigned one.
    return await issue({ credential: structuredClone(credential), suite, purpose: ISSUANCE_PURPOSE, documentLoader });
  } catch (e) {
    // An undefined term or a refused context is the credential's fault (a 4xx), not the server's.
    throw asCredentialError(e) ?? e;
  }
}
