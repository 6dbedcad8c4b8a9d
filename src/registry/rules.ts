import { toSecond } from '../clock.js';
import { AppError } from '../errors.js';
import { accreditationStateAt } from '../vc/index.js';
import type { Accreditation, AccreditationState, Standard, StandardState } from './model.js';

const STANDARD_CODE = /^EC\d{4}$/;
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

export function assertStandardCode(code: string): void {
  if (!STANDARD_CODE.test(code)) throw new AppError('ERR_VALIDATION', `Standard code "${code}" must be EC followed by four digits, as EC0217`);
}

export function assertSlug(slug: string): void {
  if (!SLUG.test(slug)) throw new AppError('ERR_VALIDATION', `Slug "${slug}" must be lowercase letters, digits and inner hyphens (1–64 characters)`);
}

const STANDARD_NEXT: Record<StandardState, readonly StandardState[]> = {
  draft: ['published'],
  published: ['withdrawn'],
  withdrawn: [],
};

/** A standard moves draft → published → withdrawn and never back. */
export function transitionStandard(s: Standard, to: StandardState, now: Date): Standard {
  if (!STANDARD_NEXT[s.state].includes(to)) {
    throw new AppError('ERR_INVALID_TRANSITION', `Standard ${s.code} v${s.version} cannot go from ${s.state} to ${to}`, {
      details: { from: s.state, to, allowed: STANDARD_NEXT[s.state] },
    });
  }
  const at = toSecond(now).toISOString();
  return { ...s, state: to, publishedAt: to === 'published' ? at : s.publishedAt, withdrawnAt: to === 'withdrawn' ? at : s.withdrawnAt };
}

export function assertPublished(s: Standard): void {
  if (s.state !== 'published') {
    throw new AppError('ERR_STANDARD_NOT_PUBLISHED', `Standard ${s.code} v${s.version} is ${s.state}; only published standards can be accredited or certified`);
  }
}

const ACCREDITATION_NEXT: Record<AccreditationState, readonly AccreditationState[]> = {
  active: ['suspended', 'withdrawn'],
  suspended: ['active', 'withdrawn'],
  withdrawn: [],
};

export function assertAccreditationTransition(a: Accreditation, to: AccreditationState): void {
  if (!ACCREDITATION_NEXT[a.state].includes(to)) {
    throw new AppError('ERR_INVALID_TRANSITION', `Accreditation ${a.id} cannot go from ${a.state} to ${to}`, {
      details: { from: a.state, to, allowed: ACCREDITATION_NEXT[a.state] },
    });
  }
}

export function assertPeriod(from: string, until: string): void {
  const f = Date.parse(from);
  const u = Date.parse(until);
  if (Number.isNaN(f) || Number.isNaN(u) || f >= u) {
    throw new AppError('ERR_INVALID_PERIOD', `The period must start before it ends (from ${from}, until ${until})`);
  }
}

export function isAccreditedAt(a: Pick<Accreditation, 'history' | 'validFrom' | 'validUntil'>, at: Date): boolean {
  return accreditationStateAt(a, at) === 'active';
}

export const MIN_BODIES_PER_STANDARD = 3;

export interface CoverageRow {
  standardId: string;
  code: string;
  version: number;
  title: string;
  sector: string;
  activeBodies: number;
}

/** Published standards with fewer than three bodies actively accredited right now. */
export function underCoveredStandards(standards: Standard[], accreditations: Accreditation[], now: Date): CoverageRow[] {
  const bodiesByStandard = new Map<string, Set<string>>();
  for (const a of accreditations) {
    if (!isAccreditedAt(a, now)) continue;
    const set = bodiesByStandard.get(a.standardId) ?? new Set<string>();
    set.add(a.bodyId);
    bodiesByStandard.set(a.standardId, set);
  }
  return standards
    .filter((s) => s.state === 'published')
    .map((s) => ({ standardId: s.id, code: s.code, version: s.version, title: s.title, sector: s.sector, activeBodies: bodiesByStandard.get(s.id)?.size ?? 0 }))
    .filter((r) => r.activeBodies < MIN_BODIES_PER_STANDARD)
    .sort((a, b) => a.activeBodies - b.activeBodies || a.code.localeCompare(b.code));
}

/** `did:web` for a path under the service's public URL, as the did:web method spec encodes host and port. */
export function didWebFor(publicUrl: string, ...segments: string[]): string {
  const u = new URL(publicUrl);
  const host = encodeURIComponent(u.host); // the port's colon becomes %3A
  const pathParts = u.pathname.split('/').filter(Boolean).map(encodeURIComponent);
  return ['did:web', host, ...pathParts, ...segments.map(encodeURIComponent)].join(':');
}
