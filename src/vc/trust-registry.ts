import { z } from 'zod';

/*
 * The signed trust registry, as the authority publishes it and every verifier reads it: the document's types, the
 * vocabulary of its states, its schema, and the one rule both sides apply to it (an accreditation's state on a date).
 */

export const STANDARD_STATES = ['draft', 'published', 'withdrawn'] as const;
export type StandardState = (typeof STANDARD_STATES)[number];

export const BODY_KINDS = ['university', 'school', 'employer', 'chamber', 'union', 'third-party'] as const;
export type BodyKind = (typeof BODY_KINDS)[number];

export const BODY_STATES = ['active', 'suspended', 'closed'] as const;
export type BodyState = (typeof BODY_STATES)[number];

export const ACCREDITATION_STATES = ['active', 'suspended', 'withdrawn'] as const;
export type AccreditationState = (typeof ACCREDITATION_STATES)[number];

/** The JWS `typ` of the signed trust registry; verifiers refuse any other. */
export const TRUST_REGISTRY_TYP = 'avala-trust-registry+jwt';
export const TRUST_REGISTRY_FORMAT = 'avala-trust-registry/1';

export interface TrustKey {
  id: string;
  publicKeyMultibase: string;
  activeFrom: string;
  activeUntil: string | null;
  compromisedAt: string | null;
}

export interface TrustAccreditation {
  standard: string; // code
  version: number;
  validFrom: string;
  validUntil: string;
  state: AccreditationState;
  /** Every state change, so a verifier can judge the state on a past issue date. */
  history: Array<{ at: string; state: AccreditationState }>;
}

export interface TrustBody {
  did: string;
  slug: string;
  name: string;
  kind: BodyKind;
  state: BodyState;
  keys: TrustKey[];
  accreditations: TrustAccreditation[];
  /**
   * Where the body's signed supersession register lives (under `statusListOrigins`): verifiers learn from the
   * authority, not from the body, where to read which of its certificates a renewal replaced. (Absent from
   * registries signed before it was added: a verifier then reads `superseded` as unknown.)
   */
  supersessionRegister?: string;
}

export interface TrustStandard {
  code: string;
  version: number;
  title: string;
  level: number;
  sector: string;
  committee: string;
  state: StandardState;
  validityMonths: number | null;
  publishedAt: string | null;
  withdrawnAt: string | null;
}

/** Everything an offline verifier needs about the system, as the authority signs it. */
export interface TrustRegistry {
  format: typeof TRUST_REGISTRY_FORMAT;
  issuer: string;
  issuedAt: string;
  nextUpdate: string;
  /** Origins from which status lists may be fetched; a verifier fetches nothing else. */
  statusListOrigins: string[];
  /**
   * The URLs the system's credentials name Avala's JSON-LD context by (config `AVALA_CONTEXT_URL`, earlier ones,
   * aliases): each is the same file a verifier already holds under `AVALA_LEGACY_CONTEXT_URL`, so it maps them to
   * its own copy and still fetches nothing. Absent in registries signed before there was one.
   */
  contextUrls?: string[];
  authority: { did: string; keys: TrustKey[] };
  bodies: TrustBody[];
  standards: TrustStandard[];
}

const instant = z.string().max(64).refine((s) => !Number.isNaN(Date.parse(s)), 'must be a date-time');
const trustKey = z.looseObject({ id: z.string().max(2048), publicKeyMultibase: z.string().max(128), activeFrom: instant, activeUntil: instant.nullable(), compromisedAt: instant.nullable() });
/**
 * The registry document as a verifier reads it (unknown fields are kept: they are under the authority's signature
 * and a newer authority may add some). Parsing it is the verifier's; the shape is the format's.
 */
export const trustRegistrySchema = z.looseObject({
  format: z.literal(TRUST_REGISTRY_FORMAT),
  issuer: z.string(),
  issuedAt: instant,
  nextUpdate: instant,
  statusListOrigins: z.array(z.string()),
  contextUrls: z.array(z.string().max(2048)).max(64).optional(),
  authority: z.looseObject({ did: z.string(), keys: z.array(trustKey) }),
  bodies: z.array(
    z.looseObject({
      did: z.string(),
      slug: z.string(),
      name: z.string(),
      kind: z.enum(BODY_KINDS),
      state: z.enum(BODY_STATES),
      keys: z.array(trustKey),
      accreditations: z.array(
        z.looseObject({
          standard: z.string(),
          version: z.number().int(),
          validFrom: instant,
          validUntil: instant,
          state: z.enum(ACCREDITATION_STATES),
          history: z.array(z.looseObject({ at: instant, state: z.enum(ACCREDITATION_STATES) })),
        }),
      ),
    }),
  ),
  standards: z.array(
    z.looseObject({
      code: z.string(),
      version: z.number().int(),
      title: z.string(),
      level: z.number().int(),
      sector: z.string(),
      committee: z.string(),
      state: z.enum(STANDARD_STATES),
      validityMonths: z.number().int().nullable(),
      publishedAt: instant.nullable(),
      withdrawnAt: instant.nullable(),
    }),
  ),
});

/** What the state rule reads of an accreditation: the registry's own record and the published one both have it. */
export interface AccreditationPeriod {
  validFrom: string;
  validUntil: string;
  history: ReadonlyArray<{ at: string; state: AccreditationState }>;
}

/** The accreditation's state at a given instant, read from its history (so a past issue date can be judged). */
export function accreditationStateAt(a: AccreditationPeriod, at: Date): AccreditationState | 'outside-period' {
  // Whole seconds on both sides, so records kept with milliseconds compare right against dates kept to the second;
  // a change counts from the start of its second (a suspension or withdrawal is never read as later than it was).
  const t = secondOf(at.getTime());
  if (t < secondOf(Date.parse(a.validFrom)) || t >= secondOf(Date.parse(a.validUntil))) return 'outside-period';
  let state: AccreditationState | undefined;
  for (const e of a.history) {
    if (secondOf(Date.parse(e.at)) <= t) state = e.state;
  }
  // The first event is the creation; an instant inside the period but before creation has no state yet.
  return state ?? 'outside-period';
}

function secondOf(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}
