import { parse, type DIDDocument, type Resolvable } from 'did-resolver';
import { AppError } from '../errors.js';
import { localContexts, type ExtraContexts } from './contexts.js';

/** What jsonld.js and the Digital Bazaar suites expect back from a document loader. */
export interface RemoteDocument {
  contextUrl: null;
  documentUrl: string;
  document: unknown;
  /**
   * `static` tells jsonld.js the document never changes, so it keeps the processed context across operations
   * (without it every signature re-processes every context: about 50 ms instead of a few per credential).
   */
  tag?: 'static';
}

export type DocumentLoader = ((url: string) => Promise<RemoteDocument>) & {
  /**
   * The further URLs of Avala's context this loader maps to the local file (`DocumentLoaderOptions.avalaContextUrls`),
   * so a loader built elsewhere from plain data (a signing worker thread) can know the same ones.
   */
  readonly avalaContextUrls?: readonly string[];
  /** The operator's extra contexts this loader serves (`DocumentLoaderOptions.extraContexts`), for the same reason. */
  readonly extraContexts?: ExtraContexts;
};

export interface DocumentLoaderOptions {
  /** Resolves `did:` URLs (verification methods and controller documents); without it DIDs are refused too. */
  didResolver?: Resolvable;
  /**
   * URLs of Avala's own context besides `AVALA_LEGACY_CONTEXT_URL` (config `AVALA_CONTEXT_URL` and
   * `AVALA_CONTEXT_ALIASES`): each is served from the same local file, never fetched.
   */
  avalaContextUrls?: readonly string[];
  /** The operator's own contexts (config `AVALA_EXTRA_CONTEXTS_DIR`, read by `readExtraContexts`), by URL. */
  extraContexts?: ExtraContexts;
}

/**
 * The only document loader Avala hands to a JSON-LD processor. It serves the files in `contexts/` by exact URL
 * (and the operator's extra contexts, read from disk at start), and DID documents (or one verification method of one) through the resolver. Everything else — another URL,
 * a `file:` URL, a near miss of a known URL — is refused: nothing is ever fetched.
 */
export function createDocumentLoader(opts: DocumentLoaderOptions = {}): DocumentLoader {
  const avalaContextUrls = Object.freeze([...(opts.avalaContextUrls ?? [])]);
  const extraContexts: ExtraContexts = opts.extraContexts ?? new Map();
  const contexts = localContexts(avalaContextUrls, extraContexts);
  const { didResolver } = opts;
  const loader = async (url: string): Promise<RemoteDocument> => {
    if (typeof url !== 'string') throw new AppError('ERR_CONTEXT_NOT_ALLOWED', 'A document URL must be a string');
    const context = contexts.get(url);
    if (context) return { contextUrl: null, documentUrl: url, document: context, tag: 'static' };
    if (url.startsWith('did:') && didResolver) return { contextUrl: null, documentUrl: url, document: await loadDid(didResolver, url) };
    throw new AppError('ERR_CONTEXT_NOT_ALLOWED', `${shorten(url)} is not one of the documents this service may load`, { details: { url: shorten(url) } });
  };
  return Object.assign(loader, { avalaContextUrls, extraContexts });
}

async function loadDid(resolver: Resolvable, url: string): Promise<Record<string, unknown>> {
  const parsed = parse(url);
  if (!parsed || parsed.path || parsed.query) throw new AppError('ERR_DID_NOT_FOUND', `${shorten(url)} is not a DID or a DID URL with a fragment`);
  const result = await resolver.resolve(parsed.did);
  const doc = result.didDocument;
  if (!doc || result.didResolutionMetadata.error) {
    const reason = result.didResolutionMetadata.error ?? 'notFound';
    throw new AppError('ERR_DID_NOT_FOUND', `${parsed.did} could not be resolved (${reason})`, { details: { did: parsed.did, error: reason } });
  }
  // Copies: callers (the suites) may add properties to what they get.
  if (parsed.fragment === undefined) return structuredClone(doc) as Record<string, unknown>;
  const vm = findVerificationMethod(doc, parsed.did, parsed.fragment);
  if (!vm) throw new AppError('ERR_DID_NOT_FOUND', `${shorten(url)} names no verification method of ${parsed.did}`);
  return { '@context': structuredClone(doc['@context']), ...structuredClone(vm) };
}

function findVerificationMethod(doc: DIDDocument, did: string, fragment: string): Record<string, unknown> | undefined {
  const wanted = new Set([`${did}#${fragment}`, `#${fragment}`]);
  const candidates: unknown[] = [...(doc.verificationMethod ?? [])];
  // Methods may also be embedded in a relationship rather than listed under verificationMethod.
  for (const rel of ['assertionMethod', 'authentication'] as const) for (const v of doc[rel] ?? []) if (typeof v === 'object') candidates.push(v);
  return candidates.find((v): v is Record<string, unknown> => typeof v === 'object' && v !== null && wanted.has((v as { id?: string }).id ?? '')) as
    | Record<string, unknown>
    | undefined;
}

// URLs come from client data: keep error messages and details short.
function shorten(url: string): string {
  return url.length > 200 ? `${url.slice(0, 200)}…` : url;
}
