import { DID_CONTEXTS } from '../vc/index.js';
import type { SigningKey } from './model.js';

export interface VerificationMethod {
  id: string;
  type: 'Multikey';
  controller: string;
  publicKeyMultibase: string;
}

export interface DidDocument {
  '@context': readonly string[];
  id: string;
  verificationMethod: VerificationMethod[];
  assertionMethod: string[];
  authentication: string[];
}

/**
 * Every key the owner ever used stays in the document, so credentials signed before a rotation still resolve;
 * which key was valid when is the trust registry's job, not the DID document's.
 */
export function buildDidDocument(did: string, keys: SigningKey[]): DidDocument {
  const verificationMethod = keys.map((k) => ({ id: k.id, type: 'Multikey' as const, controller: did, publicKeyMultibase: k.publicKeyMultibase }));
  const ids = verificationMethod.map((v) => v.id);
  return { '@context': DID_CONTEXTS, id: did, verificationMethod, assertionMethod: ids, authentication: ids };
}
