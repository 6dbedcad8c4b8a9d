export {
  buildCompetencyCredential,
  standardUrl,
  statusEntriesFor,
  COMPETENCY_CREDENTIAL_CONTEXT,
  COMPETENCY_CREDENTIAL_TYPE,
  type BitstringStatusListEntry,
  type CompetencyCredential,
  type CompetencyCredentialInput,
  type IdentityObject,
  type StatusSlot,
} from './build.js';
export { addMonthsUtc, toDateTimeStamp, validityWindow } from './validity.js';
export { assertCredentialShape, credentialShapeSchema, type CredentialShape } from './shape.js';
export { assertTermsDefined } from './terms.js';
export { envelope, signDataIntegrity, signVcJwt, timeClaims, VC_JWT_MEDIA_TYPE, type EnvelopedVerifiableCredential } from './secure.js';
