import { DID_CONTEXTS } from '../vc/index.js';
import { didDocumentFor, resolveVerificationMethod } from './keys.js';
import { failure, isFailure, type Failure } from './reasons.js';
import type { RegistryIndex } from './trust-registry.js';

export interface LoadedDocument {
  contextUrl: null;
  documentUrl: string;
  document: unknown;
}

export type VerificationDocumentLoader = (url: string) => Promise<LoadedDocument>;

/** Thrown by the loader so the proof step can report the reason the loader refused, whatever wraps it on the way. */
export class LoaderRefusal extends Error {
  override readonly name = 'LoaderRefusal';
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}

/**
 * The document loader handed to the JSON-LD processor while verifying. It serves the local contexts it is given
 * (the files of `contexts/`, by exact URL) and DID documents built from the trust registry or a did:key — and
 * refuses everything else. Nothing is ever fetched, so a credential cannot make the verifier reach the network.
 * Like `resolver/createDocumentLoader`, but fed from the signed registry instead of the database, and with no
 * Node-only code, so it runs in the browser too.
 */
export function createVerificationLoader(contexts: ReadonlyMap<string, unknown>, index: RegistryIndex): VerificationDocumentLoader {
  return async (url: string) => {
    if (typeof url !== 'string') throw new LoaderRefusal(failure('CONTEXT_NOT_ALLOWED', 'A document URL must be a string.', 'La URL de un documento debe ser texto.'));
    const context = contexts.get(url);
    if (context !== undefined) return { contextUrl: null, documentUrl: url, document: context };
    if (url.startsWith('did:')) {
      if (url.includes('#')) {
        const key = resolveVerificationMethod(index, url);
        if (isFailure(key)) throw new LoaderRefusal(key);
        return {
          contextUrl: null,
          documentUrl: url,
          document: { '@context': [...DID_CONTEXTS], id: key.id, type: 'Multikey', controller: key.did, publicKeyMultibase: key.publicKeyMultibase },
        };
      }
      const doc = didDocumentFor(index, url);
      if (doc) return { contextUrl: null, documentUrl: url, document: doc };
      throw new LoaderRefusal(failure('UNTRUSTED_ISSUER', `${shorten(url)} is not in the trust registry and cannot be resolved offline.`, `${shorten(url)} no está en el registro de confianza y no se puede resolver sin conexión.`));
    }
    throw new LoaderRefusal(
      failure('CONTEXT_NOT_ALLOWED', `${shorten(url)} is not a context this verifier knows; nothing is fetched.`, `${shorten(url)} no es un contexto que este verificador conozca; no se descarga nada.`),
    );
  };
}

function shorten(url: string): string {
  return url.length > 120 ? `${url.slice(0, 120)}…` : url;
}
