import { supersessionRegisterUrl } from '../status/supersession-register.js';
import type { Accreditation, Body, Committee, SigningKey, Standard } from './model.js';

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
  state: Accreditation['state'];
  /** Every state change, so a verifier can judge the state on a past issue date. */
  history: Array<{ at: string; state: Accreditation['state'] }>;
}

export interface TrustBody {
  did: string;
  slug: string;
  name: string;
  kind: Body['kind'];
  state: Body['state'];
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
  state: Standard['state'];
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
  authority: { did: string; keys: TrustKey[] };
  bodies: TrustBody[];
  standards: TrustStandard[];
}

/**
 * Every instant the registry publishes is a whole second, the precision of a credential's own dates. Rows written
 * before the registry kept whole seconds may hold milliseconds: starts, state changes and compromise times are
 * rounded down (a change counts from the start of its second), and a key's end is rounded up (a key rotated in the
 * middle of a second signed, dated to that second, until the rotation).
 */
const floorIso = (iso: string): string => new Date(Math.floor(Date.parse(iso) / 1000) * 1000).toISOString();
const ceilIso = (iso: string): string => new Date(Math.ceil(Date.parse(iso) / 1000) * 1000).toISOString();
const floorOrNull = (iso: string | null): string | null => (iso === null ? null : floorIso(iso));

const trustKey = (k: SigningKey): TrustKey => ({
  id: k.id,
  publicKeyMultibase: k.publicKeyMultibase,
  activeFrom: floorIso(k.activeFrom),
  activeUntil: k.activeUntil === null ? null : ceilIso(k.activeUntil),
  compromisedAt: floorOrNull(k.compromisedAt),
});

export interface TrustRegistryInput {
  authorityDid: string;
  publicUrl: string;
  issuedAt: Date;
  /** How long verifiers may rely on this document before fetching a new one. */
  refreshMs: number;
  keys: SigningKey[];
  bodies: Body[];
  accreditations: Accreditation[];
  standards: Standard[];
  committees: Committee[];
}

/** Pure: builds the registry document from the registry's current contents. Drafts are left out. */
export function buildTrustRegistry(i: TrustRegistryInput): TrustRegistry {
  const keysByOwner = new Map<string, SigningKey[]>();
  for (const k of i.keys) keysByOwner.set(k.owner, [...(keysByOwner.get(k.owner) ?? []), k]);
  const standardsById = new Map(i.standards.map((s) => [s.id, s]));
  const committees = new Map(i.committees.map((c) => [c.id, c.name]));
  const accByBody = new Map<string, TrustAccreditation[]>();
  for (const a of i.accreditations) {
    const s = standardsById.get(a.standardId);
    if (!s) continue;
    const row: TrustAccreditation = {
      standard: s.code,
      version: s.version,
      validFrom: floorIso(a.validFrom),
      validUntil: floorIso(a.validUntil),
      state: a.state,
      history: a.history.map((h) => ({ at: floorIso(h.at), state: h.state })),
    };
    accByBody.set(a.bodyId, [...(accByBody.get(a.bodyId) ?? []), row]);
  }
  return {
    format: TRUST_REGISTRY_FORMAT,
    issuer: i.authorityDid,
    issuedAt: i.issuedAt.toISOString(),
    nextUpdate: new Date(i.issuedAt.getTime() + i.refreshMs).toISOString(),
    statusListOrigins: [new URL(i.publicUrl).origin],
    authority: { did: i.authorityDid, keys: (keysByOwner.get('authority') ?? []).map(trustKey) },
    bodies: i.bodies.map((b) => ({
      did: b.did,
      slug: b.slug,
      name: b.name,
      kind: b.kind,
      state: b.state,
      keys: (keysByOwner.get(b.id) ?? []).map(trustKey),
      accreditations: accByBody.get(b.id) ?? [],
      supersessionRegister: supersessionRegisterUrl(i.publicUrl, b.slug),
    })),
    standards: i.standards
      .filter((s) => s.state !== 'draft')
      .map((s) => ({
        code: s.code,
        version: s.version,
        title: s.title,
        level: s.level,
        sector: s.sector,
        committee: committees.get(s.committeeId) ?? '',
        state: s.state,
        validityMonths: s.validityMonths,
        publishedAt: floorOrNull(s.publishedAt),
        withdrawnAt: floorOrNull(s.withdrawnAt),
      })),
  };
}
