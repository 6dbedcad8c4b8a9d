export { signDataIntegrity } from './data-integrity.js';
export { envelope, signVcJwt, timeClaims, VC_JWT_MEDIA_TYPE, type EnvelopedVerifiableCredential } from './vc-jwt.js';
export { assertTermsDefined } from './terms.js';
export { createDiPool, type DiPool, type DiPoolOptions, type DiPoolStats } from './pool.js';
export { createSigningService, type CurrentKeySource, type SecuringForm, type SignedForms, type Signs, type SigningService, type SigningOptions } from './service.js';
