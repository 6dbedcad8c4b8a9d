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
export { buildWalletCopy } from './wallet-copy.js';
