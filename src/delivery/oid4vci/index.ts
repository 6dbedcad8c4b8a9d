export { Oid4vciService, DEFAULT_OID4VCI_OPTIONS, type Oid4vciDeps, type Oid4vciOptions, type WalletOffer, type TokenResponse, type CredentialResponse } from './service.js';
export { OAuthError, OAUTH_ERROR_CODES, errorDescription, type OAuthErrorCode } from './errors.js';
export { CONFIGURATIONS, CONFIGURATION_IDS, OFFER_REFERENCE_PATH, OID4VCI_PATHS, PRE_AUTHORIZED_GRANT, credentialIssuerMetadata, authorizationServerMetadata, type ConfigurationId } from './metadata.js';
export { holderKeyFromHeader, didJwkOf, type HolderKey } from './holder-key.js';
export type { Oid4vciRepository, NewOffer, OfferSource, RedeemRequest, RedeemResult, AccessGrant } from './ports.js';
