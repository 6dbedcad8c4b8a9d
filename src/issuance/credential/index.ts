export {
  buildCompetencyCredential,
  standardUrl,
  competencyCredentialContext,
  COMPETENCY_CREDENTIAL_TYPE,
  type CompetencyCredential,
  type CompetencyCredentialInput,
  type IdentityObject,
} from './build.js';
export { addMonthsUtc, toDateTimeStamp, validityWindow } from './validity.js';
export { assertCredentialShape, type CredentialShape } from './shape.js';
export { assertTermsDefined } from './terms.js';
export { envelope, signDataIntegrity, signVcJwt, timeClaims, VC_JWT_MEDIA_TYPE, type EnvelopedVerifiableCredential } from './secure.js';
