import { Resolver, type DIDCache, type DIDDocument, type DIDResolutionResult, type DIDResolver } from 'did-resolver';
import { didKeyDocument } from '../vc/index.js';

/**
 * Where did:web documents come from. Avala hosts every did:web it trusts (the registry builds them), so this is a
 * lookup in our own data, never an HTTP request; null means "not one of ours".
 */
export type WebDidSource = (did: string) => Promise<{ readonly id: string } | null>;

export interface DidResolverOptions {
  web?: WebDidSource;
  /** Most DIDs kept; the least recently used goes first. */
  cacheSize?: number;
  /**
   * Keep successful resolutions (default true). Turn it off when `web` reads the live registry in-process: such a
   * lookup is cheap, and a cache would keep serving a DID document from before a key rotation.
   */
  cache?: boolean;
  /** A did:web lookup slower than this fails (and is not cached). */
  timeoutMs?: number;
}

export const DEFAULT_DID_CACHE_SIZE = 1000;
export const DEFAULT_DID_TIMEOUT_MS = 5000;

/**
 * A did-resolver `Resolver` for did:key (Ed25519 only) and, when a source is given, did:web. Only successful
 * resolutions are cached, so a DID that failed once (a timeout, a document not yet published) is asked again.
 */
export function createDidResolver(opts: DidResolverOptions = {}): Resolver {
  const methods: Record<string, DIDResolver> = { key: resolveDidKey };
  if (opts.web) methods.web = webMethod(opts.web, opts.timeoutMs ?? DEFAULT_DID_TIMEOUT_MS);
  return new Resolver(methods, opts.cache === false ? {} : { cache: successCache(opts.cacheSize ?? DEFAULT_DID_CACHE_SIZE) });
}

function webMethod(source: WebDidSource, timeoutMs: number): DIDResolver {
  return async (did) => {
    let doc: { readonly id: string } | null;
    try {
      doc = await withTimeout(source(did), timeoutMs);
    } catch (e) {
      return failure('internalError', `${did} could not be resolved: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (doc === null) return failure('notFound', `${did} is not a DID hosted by this service`);
    if (doc.id !== did) return failure('invalidDidDocument', `the document found for ${did} names ${doc.id}`);
    return { didResolutionMetadata: { contentType: 'application/did+ld+json' }, didDocument: doc as DIDDocument, didDocumentMetadata: {} };
  };
}

function successCache(max: number): DIDCache {
  if (!Number.isInteger(max) || max < 1) throw new TypeError('cacheSize must be a positive integer');
  const cache = new Map<string, DIDResolutionResult>();
  return async (parsed, resolve, options) => {
    const key = parsed.did;
    const hit = cache.get(key);
    if (hit && options?.cache !== false) {
      // Map keeps insertion order: re-inserting marks the entry most recently used.
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    const result = await resolve();
    if (result.didDocument && !result.didResolutionMetadata.error) {
      // A private frozen copy: a caller that edits the document it got must not change what the next one gets.
      const kept = deepFreeze(structuredClone(result));
      cache.set(key, kept);
      if (cache.size > max) cache.delete(cache.keys().next().value as string);
    }
    return result;
  };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

/** The `key` method for a did-resolver `Resolver`. */
export const resolveDidKey: DIDResolver = async (did) => {
  const doc = didKeyDocument(did);
  if (doc === null) return failure('invalidDid', `${did} is not an Ed25519 did:key with a valid public key`);
  return { didResolutionMetadata: { contentType: 'application/did+ld+json' }, didDocument: doc, didDocumentMetadata: {} };
};

function failure(error: string, message: string): DIDResolutionResult {
  return { didResolutionMetadata: { error, message }, didDocument: null, didDocumentMetadata: {} };
}
