import type { Clock } from '../clock.js';
import type { Body, Standard } from '../registry/index.js';

/**
 * Public statistics (DESIGN §2 "Transparency"): certificates per standard, sector, body and month, and the
 * published standards nobody certifies. The figures are aggregated in storage (one GROUP BY, however many
 * certificates) and shaped here, purely.
 */

/** Certificates a body issued for a standard in one calendar month (UTC). */
export interface IssuanceCount {
  standardId: string;
  bodyId: string;
  /** `YYYY-MM` */
  month: string;
  count: number;
}

/** Port: the counts, already grouped. Competency certificates only; wallet copies are not certificates. */
export interface IssuanceCountSource {
  issuanceCounts(): Promise<IssuanceCount[]>;
}

export type StandardInfo = Pick<Standard, 'id' | 'code' | 'version' | 'title' | 'sector' | 'state'>;
export type BodyInfo = Pick<Body, 'id' | 'slug' | 'name' | 'kind'>;

export interface PublicStatistics {
  generatedAt: string;
  total: number;
  byStandard: Array<{ standardId: string; code: string; version: number; title: string; sector: string; count: number }>;
  bySector: Array<{ sector: string; count: number }>;
  byBody: Array<{ bodyId: string; slug: string; name: string; kind: string; count: number }>;
  byMonth: Array<{ month: string; count: number }>;
  /** Published standards with no certificate at all: candidates for promotion, or for withdrawal. */
  uncertifiedStandards: Array<{ standardId: string; code: string; version: number; title: string; sector: string }>;
}

const UNKNOWN = '(unknown)';

function add<K>(m: Map<K, number>, k: K, n: number): void {
  m.set(k, (m.get(k) ?? 0) + n);
}

/** Code-unit order, not `localeCompare`: the published document must not depend on the machine's locale. */
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Largest first, ties by name, so the published document is stable from one run to the next. */
const byCountThen = <T extends { count: number }>(name: (x: T) => string) => (a: T, b: T) => b.count - a.count || compareText(name(a), name(b));

export function buildStatistics(input: { counts: readonly IssuanceCount[]; standards: readonly StandardInfo[]; bodies: readonly BodyInfo[]; generatedAt: Date }): PublicStatistics {
  const standards = new Map(input.standards.map((s) => [s.id, s]));
  const bodies = new Map(input.bodies.map((b) => [b.id, b]));
  const perStandard = new Map<string, number>();
  const perSector = new Map<string, number>();
  const perBody = new Map<string, number>();
  const perMonth = new Map<string, number>();
  let total = 0;
  for (const c of input.counts) {
    if (!Number.isSafeInteger(c.count) || c.count < 0) throw new TypeError(`issuance count for ${c.standardId}/${c.bodyId}/${c.month} is not a count`);
    total += c.count;
    add(perStandard, c.standardId, c.count);
    add(perSector, standards.get(c.standardId)?.sector ?? UNKNOWN, c.count);
    add(perBody, c.bodyId, c.count);
    add(perMonth, c.month, c.count);
  }
  return {
    generatedAt: input.generatedAt.toISOString(),
    total,
    byStandard: [...perStandard]
      .map(([id, count]) => {
        const s = standards.get(id);
        return { standardId: id, code: s?.code ?? UNKNOWN, version: s?.version ?? 0, title: s?.title ?? UNKNOWN, sector: s?.sector ?? UNKNOWN, count };
      })
      .sort(byCountThen((x) => `${x.code} ${String(x.version).padStart(4, '0')}`)),
    bySector: [...perSector].map(([sector, count]) => ({ sector, count })).sort(byCountThen((x) => x.sector)),
    byBody: [...perBody]
      .map(([id, count]) => {
        const b = bodies.get(id);
        return { bodyId: id, slug: b?.slug ?? UNKNOWN, name: b?.name ?? UNKNOWN, kind: b?.kind ?? UNKNOWN, count };
      })
      .sort(byCountThen((x) => x.slug)),
    byMonth: [...perMonth].map(([month, count]) => ({ month, count })).sort((a, b) => compareText(a.month, b.month)),
    uncertifiedStandards: input.standards
      .filter((s) => s.state === 'published' && !(perStandard.get(s.id) ?? 0))
      .map((s) => ({ standardId: s.id, code: s.code, version: s.version, title: s.title, sector: s.sector }))
      .sort((a, b) => compareText(a.code, b.code) || a.version - b.version),
  };
}

/** Gathers the inputs and builds the statistics; `catalogue` is the registry (or anything listing standards and bodies). */
export async function publicStatistics(deps: {
  source: IssuanceCountSource;
  catalogue: { listStandards(): Promise<StandardInfo[]>; listBodies(): Promise<BodyInfo[]> };
  clock: Clock;
}): Promise<PublicStatistics> {
  const [counts, standards, bodies] = await Promise.all([deps.source.issuanceCounts(), deps.catalogue.listStandards(), deps.catalogue.listBodies()]);
  return buildStatistics({ counts, standards, bodies, generatedAt: deps.clock() });
}
