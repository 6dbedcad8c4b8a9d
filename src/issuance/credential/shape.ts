import { z } from 'zod';
import { AppError } from '../../errors.js';
import { VC_CONTEXT_V2_URL } from '../../resolver/index.js';

/**
 * The structural rules of VC Data Model 2.0 for a credential a body submits in full, checked before anything
 * else touches it. JSON-LD meaning (every term defined) is checked separately, by `assertTermsDefined`.
 */

// XML Schema dateTimeStamp: a date-time that carries its time zone (VC 2.0 §4.9).
const DATE_TIME_STAMP = /^-?([1-9][0-9]{3,}|0[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?|(24:00:00(\.0+)?))(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))$/;
// An absolute URI (RFC 3986): a scheme, a colon, then no whitespace or characters a URI may never hold.
const ABSOLUTE_URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]+$/;

const uri = z.string().max(2048).regex(ABSOLUTE_URI, 'must be an absolute URL or URI');
const dateTimeStamp = z
  .string()
  .regex(DATE_TIME_STAMP, { error: 'must be an XML Schema dateTimeStamp with a time zone, e.g. 2026-06-01T12:00:00Z', abort: true })
  .refine(isRealDateTime, 'must be a real date and time');

const contextEntry = z.union([uri, z.record(z.string(), z.unknown())]);
const typeValue = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)], { error: 'must be a type name or a list of them' });
const typedObject = z.looseObject({ id: uri.optional(), type: typeValue });
const oneOrMany = <T extends z.ZodType>(s: T) => z.union([s, z.array(s).min(1)], { error: 'must be an object with a type, or a non-empty list of them' });
const languageValue = z.union([z.string(), z.looseObject({ '@value': z.string() }), z.array(z.union([z.string(), z.looseObject({ '@value': z.string() })]))]);

const subject = z.looseObject({ id: uri.optional() }).refine((o) => Object.keys(o).length > 0, 'must not be empty');

export const credentialShapeSchema = z
  .looseObject({
    '@context': z
      .array(contextEntry)
      .min(1)
      .refine((c) => c[0] === VC_CONTEXT_V2_URL, `must start with ${VC_CONTEXT_V2_URL}`),
    id: uri.optional(),
    type: typeValue.refine((t) => (Array.isArray(t) ? t : [t]).includes('VerifiableCredential'), 'must include VerifiableCredential'),
    issuer: z.union([uri, z.looseObject({ id: uri })], { error: 'must be a URL or an object whose id is a URL' }),
    credentialSubject: z.union([subject, z.array(subject).min(1)], { error: 'must be a non-empty object or a non-empty list of them' }),
    validFrom: dateTimeStamp.optional(),
    validUntil: dateTimeStamp.optional(),
    name: languageValue.optional(),
    description: languageValue.optional(),
    credentialStatus: oneOrMany(typedObject).optional(),
    credentialSchema: oneOrMany(typedObject).optional(),
    evidence: oneOrMany(typedObject).optional(),
    termsOfUse: oneOrMany(typedObject).optional(),
    refreshService: oneOrMany(typedObject).optional(),
    renderMethod: oneOrMany(typedObject).optional(),
    relatedResource: oneOrMany(z.looseObject({ id: uri })).optional(),
    proof: oneOrMany(typedObject).optional(),
  })
  .refine((c) => c.validFrom === undefined || c.validUntil === undefined || Date.parse(c.validFrom) <= Date.parse(c.validUntil), {
    message: 'must not be before validFrom',
    path: ['validUntil'],
  });

// The pattern allows 2026-02-30, and Date.parse quietly rolls it over to 2 March.
function isRealDateTime(s: string): boolean {
  const m = /^(-?\d{4,})-(\d{2})-(\d{2})T/.exec(s);
  if (!m || Number.isNaN(Date.parse(s))) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

export type CredentialShape = z.infer<typeof credentialShapeSchema>;

/** Throws `ERR_INVALID_CREDENTIAL` whose message names the first problem (details list up to 20). */
export function assertCredentialShape(value: unknown): asserts value is CredentialShape {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new AppError('ERR_INVALID_CREDENTIAL', 'A credential must be a JSON object');
  }
  const r = credentialShapeSchema.safeParse(value);
  if (r.success) {
    assertNoEmbeddedContext(value as Record<string, unknown>);
    return;
  }
  const problems = r.error.issues.slice(0, 20).map((i) => ({
    path: i.path.map(String).join('.') || '(credential)',
    message: valueAt(value, i.path) === undefined ? 'is required' : i.message,
  }));
  const first = problems[0] ?? { path: '(credential)', message: 'is not a credential' };
  throw new AppError('ERR_INVALID_CREDENTIAL', `Invalid credential: ${first.path} ${first.message}`, { details: { problems } });
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

/**
 * Refuses what every verifier of ours refuses (VC Data Integrity "Context Validation"): an `@context` embedded
 * anywhere below the credential's top level. Signing one would hand the holder a credential that never verifies.
 */
function assertNoEmbeddedContext(credential: Record<string, unknown>): void {
  const stack: Array<{ value: unknown; path: string }> = Object.entries(credential)
    .filter(([k]) => k !== '@context')
    .map(([k, v]) => ({ value: v, path: k }));
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push({ value: v, path: `${path}.${i}` }));
      continue;
    }
    if (Object.hasOwn(value, '@context')) {
      throw new AppError('ERR_CONTEXT_NOT_ALLOWED', `credential.${path.slice(0, 120)} embeds an @context; only the credential's top-level @context is allowed`);
    }
    for (const [k, v] of Object.entries(value)) stack.push({ value: v, path: `${path}.${k}` });
  }
}
