import jsonld from 'jsonld';
import { AppError, isAppError } from '../errors.js';
import type { DocumentLoader } from '../resolver/index.js';

/**
 * Expands the document in JSON-LD safe mode, which fails where plain expansion would silently drop a property
 * whose term no context defines. A signature over a document with dropped terms would not cover them, so a
 * credential must pass this before it is signed (the Data Integrity suite canonicalizes in safe mode too).
 */
export async function assertTermsDefined(document: Record<string, unknown>, documentLoader: DocumentLoader): Promise<void> {
  try {
    await jsonld.expand(document, { documentLoader, safe: true, base: null });
  } catch (e) {
    throw asCredentialError(e) ?? e;
  }
}

/**
 * What a JSON-LD failure means for the caller: the loader's own AppError (a context that is not allowed, a DID
 * that does not resolve) as it was thrown, a jsonld.js error as `ERR_INVALID_CREDENTIAL`; null for anything else
 * (a keystore or programming failure), which the caller rethrows unchanged.
 */
export function asCredentialError(e: unknown): AppError | null {
  const fromLoader = findAppError(e);
  if (fromLoader) return fromLoader;
  const name = (e as { name?: unknown } | null)?.name;
  if (typeof name === 'string' && name.startsWith('jsonld.')) {
    return new AppError('ERR_INVALID_CREDENTIAL', `Invalid credential: ${describeJsonLdError(e)}`, { cause: e });
  }
  return null;
}

// jsonld.js wraps the loader's error as `cause` (sometimes more than once): surface ours as it was thrown.
function findAppError(e: unknown): AppError | null {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; depth++) {
    if (isAppError(cur)) return cur;
    const next = (cur as { cause?: unknown; details?: { cause?: unknown } }).cause ?? (cur as { details?: { cause?: unknown } }).details?.cause;
    cur = next;
  }
  return null;
}

function describeJsonLdError(e: unknown): string {
  const err = e as { message?: string; details?: { event?: { code?: string; details?: Record<string, unknown> } } };
  const event = err.details?.event;
  if (event?.details) {
    const d = event.details;
    const what = d.property ?? d.type ?? d.iri ?? d.term ?? d.value;
    if (what !== undefined) return `${event.code ?? 'undefined term'}: ${JSON.stringify(what).slice(0, 200)} is not defined by any of its contexts`;
  }
  return (err.message ?? 'JSON-LD expansion failed').slice(0, 300);
}
