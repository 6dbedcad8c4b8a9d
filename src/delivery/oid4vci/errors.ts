/**
 * The error codes OAuth 2.0 (RFC 6749 §5.2, RFC 6750 §3.1) and OpenID4VCI 1.0 (§6.3, §8.3.1.2) name for the token,
 * credential and nonce endpoints. Wallets act on these exact strings (fetch a new nonce on `invalid_nonce`, give up
 * on `credential_request_denied`), so these endpoints answer with them rather than with our problem+json codes.
 */
export const OAUTH_ERROR_CODES = [
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unsupported_grant_type',
  'invalid_token',
  'insufficient_scope',
  'invalid_credential_request',
  'unknown_credential_configuration',
  'unknown_credential_identifier',
  // Not in 1.0 Final (which answers `unknown_credential_configuration`), but what draft wallets that still send
  // `format` understand; only used for those requests.
  'unsupported_credential_format',
  'invalid_proof',
  'invalid_nonce',
  'invalid_encryption_parameters',
  'credential_request_denied',
  // RFC 9449: the library's answer to a malformed DPoP header on the token endpoint.
  'invalid_dpop_proof',
] as const;
export type OAuthErrorCode = (typeof OAUTH_ERROR_CODES)[number];

/** A refusal of a wallet's request, as the spec names it. Bad client input only; our own bugs stay `TypeError`. */
export class OAuthError extends Error {
  override readonly name = 'OAuthError';
  readonly code: OAuthErrorCode;
  /** Safe to send: ASCII without `"` and `\`, as OpenID4VCI requires of `error_description`. */
  readonly description: string;

  constructor(code: OAuthErrorCode, description: string, options: { cause?: unknown } = {}) {
    super(description, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.description = errorDescription(description);
  }
}

/**
 * OpenID4VCI §8.3.1.2 allows only %x20-21 / %x23-5B / %x5D-7E in `error_description`; library messages carry quotes
 * and new lines, so everything else becomes a space, and the text is bounded.
 */
export function errorDescription(text: string): string {
  return text
    .replace(/[^\x20\x21\x23-\x5B\x5D-\x7E]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim()
    .slice(0, 300);
}
