export {
  AVALA_BASE_URL,
  AVALA_CONTEXT_V1_URL,
  VC_CONTEXT_V2_URL,
  OB_CONTEXT_V3_URL,
  DID_CONTEXT_V1_URL,
  MULTIKEY_CONTEXT_V1_URL,
  DATA_INTEGRITY_CONTEXT_V2_URL,
  CONTEXT_FILES,
  localContexts,
} from './contexts.js';
export { createDocumentLoader, type DocumentLoader, type DocumentLoaderOptions, type RemoteDocument } from './document-loader.js';
export {
  createDidResolver,
  DEFAULT_DID_CACHE_SIZE,
  DEFAULT_DID_TIMEOUT_MS,
  type DidResolverOptions,
  type WebDidSource,
} from './did-resolver.js';
export { didKeyDocument, didKeyFromPublicKey, resolveDidKey } from './did-key.js';
export { isAcceptableEd25519PublicKey } from './ed25519-point.js';
