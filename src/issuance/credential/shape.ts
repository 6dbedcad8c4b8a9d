import { AppError } from '../../errors.js';
import { checkCredential, findEmbeddedContext, type IssuedCredentialShape } from '../../vc/index.js';

export type CredentialShape = IssuedCredentialShape;

/**
 * Issuance's entrance to the one credential check (`src/vc/credential.ts`, mode `issue`): a credential a body
 * submits in full. Throws `ERR_INVALID_CREDENTIAL` whose message names the first problem (details list up to 20),
 * or `ERR_CONTEXT_NOT_ALLOWED` for an `@context` below the top level, which no verifier of ours would accept.
 */
export function assertCredentialShape(value: unknown): asserts value is CredentialShape {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new AppError('ERR_INVALID_CREDENTIAL', 'A credential must be a JSON object');
  }
  const r = checkCredential(value, 'issue');
  if (!r.ok) {
    const problems = r.problems.map((p) => ({ path: p.path.map(String).join('.') || '(credential)', message: p.message }));
    const first = problems[0]!;
    throw new AppError('ERR_INVALID_CREDENTIAL', `Invalid credential: ${first.path} ${first.message}`, { details: { problems } });
  }
  const embedded = findEmbeddedContext(value as Record<string, unknown>);
  if (embedded) {
    throw new AppError('ERR_CONTEXT_NOT_ALLOWED', `credential.${embedded.join('.').slice(0, 120)} embeds an @context; only the credential's top-level @context is allowed`);
  }
}
