/*
 * The credential core: what a credential, a status list, a trust registry, a key and a QR payload look like, and
 * the pure checks of them, shared by the server's domains and the verifier (in Node and in browsers). It imports
 * nothing but itself, `src/errors.ts` and npm packages that run in a browser; test/architecture keeps it so.
 */
export {
  AVALA_BASE_URL,
  AVALA_LEGACY_CONTEXT_URL,
  AVALA_CONTEXT_FILE,
  AVALA_CONTEXT_PATH,
  defaultAvalaContextUrl,
  contextFilesWith,
  VC_CONTEXT_V1_URL,
  VC_CONTEXT_V2_URL,
  OB_CONTEXT_V3_URL,
  DID_CONTEXT_V1_URL,
  MULTIKEY_CONTEXT_V1_URL,
  DATA_INTEGRITY_CONTEXT_V2_URL,
  DID_CONTEXTS,
  CONTEXT_FILES,
} from './contexts.js';
export {
  CREDENTIAL_MESSAGES,
  checkCredential,
  credentialSchema,
  dateTimeStamp,
  findEmbeddedContext,
  type CredentialCheck,
  type CredentialCheckMode,
  type CredentialProblem,
  type IssuedCredentialShape,
  type VerifiedCredentialShape,
} from './credential.js';
export {
  STATUS_PURPOSES,
  buildStatusListCredential,
  credentialStatusEntries,
  statusEntry,
  statusListUrl,
  type BitstringStatusListEntry,
  type StatusPurpose,
  type StatusSlot,
  type UnsignedStatusListCredential,
} from './status-entry.js';
export {
  MAX_DECODED_BYTES,
  MIN_LIST_LENGTH,
  bitstringWith,
  decodeEncodedList,
  emptyBitstring,
  getBit,
  publishedLength,
  setBit,
  type DecodedList,
} from './bitstring.js';
export { readAtMost } from './bytes.js';
export {
  ACCREDITATION_STATES,
  BODY_KINDS,
  BODY_STATES,
  STANDARD_STATES,
  TRUST_REGISTRY_FORMAT,
  TRUST_REGISTRY_TYP,
  accreditationStateAt,
  trustRegistrySchema,
  type AccreditationPeriod,
  type AccreditationState,
  type BodyKind,
  type BodyState,
  type StandardState,
  type TrustAccreditation,
  type TrustBody,
  type TrustKey,
  type TrustRegistry,
  type TrustStandard,
} from './trust-registry.js';
export { claimsCompetency } from './competency.js';
export { publicKeyMultibaseFromRaw, rawFromPublicKeyMultibase } from './multikey.js';
export { isAcceptableEd25519PublicKey } from './ed25519-point.js';
export { didKeyDocument, didKeyFromPublicKey, didKeyMultibase } from './did-key.js';
export { decodeQrPayload, encodeQrPayload, QR_FORMAT_V1, QR_LIMITS, type QrPayloadProblem } from './qr/codec.js';
export { DICTIONARY_V1 } from './qr/dictionary.js';
// QR format 2 (./qr/format2.ts) is not exported here: it needs cborg, an ES module only, and this index is also
// loaded by the Data Integrity signing workers, which run under tsx's require hook. Import it by its file.
export { bytesToDigits, digitCount, digitsToBytes, type DigitsProblem } from './qr/numeric.js';
export { payloadFromVerifierUrl, verifierUrl } from './qr/url.js';
