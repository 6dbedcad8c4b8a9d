import { competencyCredentialContext, COMPETENCY_CREDENTIAL_TYPE } from '../../issuance/credential/index.js';
import { defaultAvalaContextUrl } from '../../vc/index.js';
import { HOLDER_ALGS } from './holder-key.js';

/** The two ways a wallet can receive the competency certificate: VC-JOSE (`jwt_vc_json`) and Data Integrity (`ldp_vc`). */
export const CONFIGURATIONS = {
  competency_certificate_jwt_vc_json: { format: 'jwt_vc_json', securing: 'jwt' },
  competency_certificate_ldp_vc: { format: 'ldp_vc', securing: 'di' },
} as const;

/** Offers by reference live at `{this}/{reference}` (OpenID4VCI 1.0 §4.1.3); a plain API route, not a wallet endpoint with OAuth errors. */
export const OFFER_REFERENCE_PATH = '/oid4vci/offers';
export type ConfigurationId = keyof typeof CONFIGURATIONS;
export const CONFIGURATION_IDS = Object.keys(CONFIGURATIONS) as ConfigurationId[];

export function isConfigurationId(id: string): id is ConfigurationId {
  return Object.hasOwn(CONFIGURATIONS, id);
}

export const PRE_AUTHORIZED_GRANT = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';

/** The paths this issuer serves, relative to the public URL (also the Credential Issuer Identifier). */
export const OID4VCI_PATHS = {
  issuerMetadata: '/.well-known/openid-credential-issuer',
  authorizationServerMetadata: '/.well-known/oauth-authorization-server',
  token: '/oid4vci/token',
  nonce: '/oid4vci/nonce',
  credential: '/oid4vci/credential',
} as const;

const CERTIFICATE_DISPLAY = [
  { name: 'Certificado de competencia laboral', locale: 'es-MX', description: 'Certificado de competencia emitido por un organismo acreditado', background_color: '#0b5d4b', text_color: '#ffffff' },
  { name: 'Occupational competency certificate', locale: 'en', description: 'Competency certificate issued by an accredited body', background_color: '#0b5d4b', text_color: '#ffffff' },
];

/** Claims a wallet may label; paths into the credential as OpenID4VCI §12.2.4 (claims path pointers) describes. */
const CLAIMS = [
  { path: ['credentialSubject', 'achievement', 'humanCode'], display: [{ name: 'Estándar de competencia', locale: 'es-MX' }, { name: 'Competency standard', locale: 'en' }] },
  { path: ['credentialSubject', 'achievement', 'name'], display: [{ name: 'Competencia', locale: 'es-MX' }, { name: 'Competency', locale: 'en' }] },
  { path: ['credentialSubject', 'achievement', 'nqfLevel'], display: [{ name: 'Nivel', locale: 'es-MX' }, { name: 'Level', locale: 'en' }] },
  { path: ['issuer', 'name'], display: [{ name: 'Organismo certificador', locale: 'es-MX' }, { name: 'Certifying body', locale: 'en' }] },
  { path: ['validUntil'], display: [{ name: 'Vigente hasta', locale: 'es-MX' }, { name: 'Valid until', locale: 'en' }] },
];

/**
 * Credential Issuer Metadata (OpenID4VCI 1.0 §12.2). Pure: everything comes from the public URL and the URL of
 * Avala's context (config `AVALA_CONTEXT_URL`; default `<publicUrl>/contexts/avala/v1`).
 */
export function credentialIssuerMetadata(publicUrl: string, contextUrl: string = defaultAvalaContextUrl(publicUrl)): Record<string, unknown> {
  const common = {
    cryptographic_binding_methods_supported: ['did:key', 'did:jwk', 'jwk'],
    proof_types_supported: { jwt: { proof_signing_alg_values_supported: [...HOLDER_ALGS] } },
    credential_metadata: { display: CERTIFICATE_DISPLAY, claims: CLAIMS },
  };
  return {
    credential_issuer: publicUrl,
    credential_endpoint: `${publicUrl}${OID4VCI_PATHS.credential}`,
    nonce_endpoint: `${publicUrl}${OID4VCI_PATHS.nonce}`,
    display: [
      { name: 'Avala — Certificación de competencias', locale: 'es-MX' },
      { name: 'Avala — Competency certification', locale: 'en' },
    ],
    credential_configurations_supported: {
      competency_certificate_jwt_vc_json: {
        format: 'jwt_vc_json',
        credential_signing_alg_values_supported: ['EdDSA'],
        credential_definition: { type: [...COMPETENCY_CREDENTIAL_TYPE] },
        ...common,
      },
      competency_certificate_ldp_vc: {
        format: 'ldp_vc',
        credential_signing_alg_values_supported: ['eddsa-rdfc-2022'],
        credential_definition: { '@context': [...competencyCredentialContext(contextUrl)], type: [...COMPETENCY_CREDENTIAL_TYPE] },
        ...common,
      },
    },
  };
}

/**
 * OAuth 2.0 Authorization Server Metadata (RFC 8414) for the pre-authorized code flow only: no authorization
 * endpoint, anonymous clients, bearer tokens.
 */
export function authorizationServerMetadata(publicUrl: string): Record<string, unknown> {
  return {
    issuer: publicUrl,
    token_endpoint: `${publicUrl}${OID4VCI_PATHS.token}`,
    grant_types_supported: [PRE_AUTHORIZED_GRANT],
    'pre-authorized_grant_anonymous_access_supported': true,
    token_endpoint_auth_methods_supported: ['none'],
    // RFC 8414 makes this member REQUIRED; there is no authorization endpoint, hence no response type.
    response_types_supported: [],
  };
}
