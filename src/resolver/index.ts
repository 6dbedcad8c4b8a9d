export { EXTRA_CONTEXTS_MANIFEST, localContexts, publishedAvalaContext, readExtraContexts, type ExtraContexts, type PublishedContext } from './contexts.js';
export { createDocumentLoader, type DocumentLoader, type DocumentLoaderOptions, type RemoteDocument } from './document-loader.js';
export {
  createDidResolver,
  resolveDidKey,
  DEFAULT_DID_CACHE_SIZE,
  DEFAULT_DID_TIMEOUT_MS,
  type DidResolverOptions,
  type WebDidSource,
} from './did-resolver.js';
