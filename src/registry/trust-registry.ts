import { supersessionRegisterUrl } from '../status/index.js';
import { TRUST_REGISTRY_FORMAT, type TrustAccreditation, type TrustKey, type TrustRegistry } from '../vc/index.js';
import type { Accreditation, Body, Committee, SigningKey, Standard } from './model.js';

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
  /** The URLs of Avala's context the system's credentials name (besides the legacy one). */
  contextUrls?: readonly string[];
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
    ...(i.contextUrls && i.contextUrls.length > 0 ? { contextUrls: [...i.contextUrls] } : {}),
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
