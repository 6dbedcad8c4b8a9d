import * as base58 from 'base58-universal';
import { z } from 'zod';
import { VC_CONTEXT_V2_URL } from './contexts.js';

/**
 * The one structural check of a credential (VC Data Model 2.0), for both entrances, as `@digitalbazaar/vc` has one
 * credential check with a mode. Every property both read is one definition here, so issuance and verification
 * cannot drift apart again (they did: `2026-02-30` was refused at issuance and accepted by the verifier).
 *
 * - `issue`: a body submits the credential in full, so every property VC 2.0 gives a shape is checked, and the
 *   `@context` must start with the VC 2.0 context.
 * - `verify`: a credential from anyone. Its contexts are judged before this, against the verifier's own list (with
 *   their own reason codes); it is held to the rules of the properties the verifier reads, and what it does not
 *   read is left as it is, covered by the proof. `credentialStatus` entries of a kind it does not know are skipped.
 *
 * JSON-LD meaning (every term defined) is checked separately, by issuance's `assertTermsDefined` and by the proof.
 */
export type CredentialCheckMode = 'issue' | 'verify';

// XML Schema dateTimeStamp: a date-time that carries its time zone (VC 2.0 §4.9).
const DATE_TIME_STAMP = /^-?([1-9][0-9]{3,}|0[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?|(24:00:00(\.0+)?))(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))$/;
// An absolute URI (RFC 3986): a scheme, a colon, then no whitespace or characters a URI may never hold.
const ABSOLUTE_URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]+$/;

/** The messages the schema gives, so an entrance can translate them (the verifier reports in Spanish too). */
export const CREDENTIAL_MESSAGES = Object.freeze({
  uri: 'must be an absolute URL or URI',
  dateTimeStamp: 'must be an XML Schema dateTimeStamp with a time zone, e.g. 2026-06-01T12:00:00Z',
  realDate: 'must be a real date and time',
  type: 'must be a type name or a list of them',
  verifiableCredential: 'must include VerifiableCredential',
  issuer: 'must be a URL or an object whose id is a URL',
  subject: 'must be a non-empty object or a non-empty list of them',
  empty: 'must not be empty',
  validUntil: 'must not be before validFrom',
  context: `must start with ${VC_CONTEXT_V2_URL}`,
  typedObject: 'must be an object with a type, or a non-empty list of them',
  schemaObject: 'must be an object with an id (a URL) and a type, or a non-empty list of them',
  relatedResource: 'must be an object with an id (a URL) and a digestSRI or digestMultibase, or a non-empty list of them',
  digest: 'needs a digestSRI or a digestMultibase',
  digestSri: 'must be sha256-, sha384- or sha512- followed by the base64 digest of that length',
  digestMultibase: 'must be a multibase (u… base64url or z… base58btc) SHA-2 digest',
  uniqueIds: 'must not name the same id twice',
} as const);
const M = CREDENTIAL_MESSAGES;

const uri = z.string().max(2048).regex(ABSOLUTE_URI, M.uri);
export const dateTimeStamp = z
  .string()
  .regex(DATE_TIME_STAMP, { error: M.dateTimeStamp, abort: true })
  .refine(isRealDateTime, M.realDate);

const typeValue = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)], { error: M.type });
const subject = z.looseObject({ id: uri.optional() }).refine((o) => Object.keys(o).length > 0, M.empty);
const object = z.record(z.string(), z.unknown());

/** What both modes read, one definition each. */
const core = {
  id: uri.optional(),
  type: typeValue.refine((t) => (Array.isArray(t) ? t : [t]).includes('VerifiableCredential'), M.verifiableCredential),
  issuer: z.union([uri, z.looseObject({ id: uri })], { error: M.issuer }),
  credentialSubject: z.union([subject, z.array(subject).min(1)], { error: M.subject }),
  validFrom: dateTimeStamp.optional(),
  validUntil: dateTimeStamp.optional(),
};

const contextEntry = z.union([uri, z.record(z.string(), z.unknown())]);
const typedObject = z.looseObject({ id: uri.optional(), type: typeValue });
const oneOrMany = <T extends z.ZodType>(s: T) => z.union([s, z.array(s).min(1)], { error: M.typedObject });
const languageValue = z.union([z.string(), z.looseObject({ '@value': z.string() }), z.array(z.union([z.string(), z.looseObject({ '@value': z.string() })]))]);

// Subresource Integrity (W3C SRI §3.5): the algorithm, then the base64 digest of exactly that algorithm's length.
const SRI_DIGEST_BYTES: Readonly<Record<string, number>> = { sha256: 32, sha384: 48, sha512: 64 };
function isSriDigest(v: string): boolean {
  const m = /^(sha256|sha384|sha512)-([A-Za-z0-9+/]+={0,2})$/.exec(v);
  return m !== null && base64Length(m[2]!) === SRI_DIGEST_BYTES[m[1]!];
}
// A SHA-2 digest in multibase: base64url (`u`, as the W3C suites and Data Integrity's examples write it) or
// base58btc (`z`); raw or as a multihash (sha2-256 0x12, sha2-384 0x20, sha2-512 0x13, then the length).
function isMultibaseDigest(v: string): boolean {
  let length: number;
  if (/^u[A-Za-z0-9_-]+$/.test(v)) length = base64Length(v.slice(1));
  else if (/^z[1-9A-HJ-NP-Za-km-z]+$/.test(v) && v.length <= 100) length = base58.decode(v.slice(1)).length;
  else return false;
  return [32, 48, 64].includes(length) || [34, 50, 66].includes(length);
}
function base64Length(b64: string): number {
  const body = b64.replace(/=+$/, '');
  return Math.floor((body.length * 3) / 4);
}

const relatedResourceObject = z
  .looseObject({
    id: uri,
    digestSRI: z.string().refine(isSriDigest, M.digestSri).optional(),
    digestMultibase: z.string().refine(isMultibaseDigest, M.digestMultibase).optional(),
    mediaType: z.string().min(1).optional(),
  })
  .refine((r) => r.digestSRI !== undefined || r.digestMultibase !== undefined, M.digest);
const uniqueIds = (v: { id: string } | ReadonlyArray<{ id: string }>) => !Array.isArray(v) || new Set(v.map((r) => r.id)).size === v.length;

/**
 * VC 2.0 §4.11 and §5.3: every data schema names its id and type; every related resource its id, once, with a
 * digest. Issuance never fetches (a document it cannot hold is not one it can vouch for byte by byte), so a digest
 * is checked for its form, not recomputed: `conformance/README.md` records the suite test this leaves failing.
 */
const schemaAndResources = {
  credentialSchema: z.union([z.looseObject({ id: uri, type: typeValue }), z.array(z.looseObject({ id: uri, type: typeValue })).min(1)], { error: M.schemaObject }).optional(),
  relatedResource: z
    .union([relatedResourceObject, z.array(relatedResourceObject).min(1)], { error: M.relatedResource })
    .refine(uniqueIds, M.uniqueIds)
    .optional(),
};

const issueShape = z.looseObject({
  '@context': z
    .array(contextEntry)
    .min(1)
    .refine((c) => c[0] === VC_CONTEXT_V2_URL, M.context),
  ...core,
  name: languageValue.optional(),
  description: languageValue.optional(),
  credentialStatus: oneOrMany(typedObject).optional(),
  ...schemaAndResources,
  evidence: oneOrMany(typedObject).optional(),
  termsOfUse: oneOrMany(typedObject).optional(),
  refreshService: oneOrMany(typedObject).optional(),
  renderMethod: oneOrMany(typedObject).optional(),
  proof: oneOrMany(typedObject).optional(),
});

const verifyShape = z.looseObject({
  ...core,
  ...schemaAndResources,
  credentialStatus: z.union([object, z.array(object)]).optional(),
});

const validityInOrder = (c: { validFrom?: string | undefined; validUntil?: string | undefined }) =>
  c.validFrom === undefined || c.validUntil === undefined || Date.parse(c.validFrom) <= Date.parse(c.validUntil);
const ORDER = { message: M.validUntil, path: ['validUntil'] };

const schemas = {
  issue: issueShape.refine(validityInOrder, ORDER),
  verify: verifyShape.refine(validityInOrder, ORDER),
};

/** The zod schema of one mode. */
export function credentialSchema<K extends CredentialCheckMode>(mode: K): (typeof schemas)[K] {
  return schemas[mode];
}

export type IssuedCredentialShape = z.output<typeof schemas.issue>;
export type VerifiedCredentialShape = z.output<typeof schemas.verify>;

/** One thing wrong with a credential: where (property path) and what. */
export interface CredentialProblem {
  path: ReadonlyArray<string | number>;
  message: string;
}

export type CredentialCheck<K extends CredentialCheckMode> =
  | { ok: true; credential: z.output<(typeof schemas)[K]> }
  | { ok: false; problems: CredentialProblem[] };

/**
 * Checks a credential in the given mode and an `@context` embedded below its top level (which neither entrance
 * accepts, see `findEmbeddedContext`). Never throws for bad input: the problems are the result, the first is what
 * an entrance reports. A missing property is reported as `is required`, whatever zod says about it.
 */
export function checkCredential<K extends CredentialCheckMode>(value: unknown, mode: K): CredentialCheck<K> {
  const r = schemas[mode].safeParse(value);
  if (!r.success) {
    const problems = r.error.issues.slice(0, 20).map((i) => ({
      path: i.path.map((k) => (typeof k === 'number' ? k : String(k))),
      message: valueAt(value, i.path) === undefined ? 'is required' : i.message,
    }));
    return { ok: false, problems: problems.length > 0 ? problems : [{ path: [], message: 'is not a credential' }] };
  }
  return { ok: true, credential: r.data as z.output<(typeof schemas)[K]> };
}

// The pattern allows 2026-02-30, and Date.parse quietly rolls it over to 2 March.
function isRealDateTime(s: string): boolean {
  const m = /^(-?\d{4,})-(\d{2})-(\d{2})T/.exec(s);
  if (!m || Number.isNaN(Date.parse(s))) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
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
 * Where an `@context` is embedded below the credential's top level, or null (VC Data Integrity 1.0, "Context
 * Validation"): the contexts a verifier judges are the document's top-level ones; one embedded in
 * `credentialSubject`, the achievement, the proof, … would redefine terms under a signature that a verifier cannot
 * check against what it expects. Every verifier of ours refuses it, so issuance refuses to sign one too. Iterative:
 * the walk is safe on input already bounded in depth.
 */
export function findEmbeddedContext(credential: Record<string, unknown>): Array<string | number> | null {
  const stack: Array<{ value: unknown; path: Array<string | number> }> = Object.entries(credential)
    .filter(([k]) => k !== '@context')
    .map(([k, value]) => ({ value, path: [k] }));
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push({ value: v, path: [...path, i] }));
      continue;
    }
    if (Object.hasOwn(value, '@context')) return path;
    for (const [k, v] of Object.entries(value)) stack.push({ value: v, path: [...path, k] });
  }
  return null;
}
