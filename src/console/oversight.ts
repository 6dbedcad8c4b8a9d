/**
 * The authority's oversight: issuance volume over time and the flags worth a look, computed by pure rules over
 * stored facts (no I/O here; src/storage/oversight-repository.ts reads the facts). Periods are Mexico City's
 * calendar weeks (Monday first) or months, as the dashboards count.
 */

/** One competency certificate, with the evaluation behind it. */
export interface IssuedFact {
  credentialId: string;
  bodyId: string;
  bodyName: string;
  standardId: string;
  standardCode: string;
  evaluatorId: string;
  evaluatorName: string;
  certifierId: string | null;
  certifierName: string | null;
  holderName: string | null;
  /** The evaluation's CURP: grouped here, never shown whole nor put in an address. */
  curp: string;
  /** When it was certified (signed): UTC ISO. */
  issuedAt: string;
  /** When the evaluation was recorded: UTC ISO. */
  recordedAt: string;
  /** The evaluation's civil date, `YYYY-MM-DD`. */
  evaluatedOn: string;
  validUntil: string | null;
  /** The credential this one renews (a renewal is not a duplicate). */
  renewsId: string | null;
  /** When it was revoked (revocation is final), else null. */
  revokedAt: string | null;
}

export interface AccreditationFact {
  id: string;
  bodyId: string;
  bodyName: string;
  standardId: string;
  standardCode: string;
  validFrom: string;
  validUntil: string;
}

/** Where oversight reads its facts. */
export interface OversightSource {
  /** Competency certificates issued at or after `since` (UTC ISO), oldest first. */
  issuedSince(since: string): Promise<IssuedFact[]>;
  /** Every competency certificate whose CURP was certified more than once for the same standard code, ever. */
  repeatedCurps(): Promise<IssuedFact[]>;
}

export type Granularity = 'week' | 'month';
export const GRANULARITIES: readonly Granularity[] = ['week', 'month'];

export const RULES = {
  /** Periods shown and read. */
  periods: 12,
  /** A jump: the last period above `factor` × the average of the `trailing` periods before it… */
  jumpFactor: 3,
  trailing: 4,
  /** …and at least this many certificates in it. */
  jumpMinimum: 10,
  /** Certified less than this after the evaluation was recorded. */
  quickMs: 2 * 60_000,
  /** Issued within this many days before the accreditation's end. */
  endingDays: 14,
} as const;
export type OversightRules = { -readonly [K in keyof typeof RULES]: number };

const ZONE = 'America/Mexico_City';
const DAY = 86_400_000;
const localDate = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The civil date of an instant in Mexico City, `YYYY-MM-DD`. */
export function civilDate(at: Date | string): string {
  return localDate.format(typeof at === 'string' ? new Date(at) : at);
}

/** The period an instant falls in, named by its first civil day (`YYYY-MM-DD`: a Monday, or the 1st). */
export function periodOf(at: Date | string, g: Granularity): string {
  const d = civilDate(at);
  if (g === 'month') return `${d.slice(0, 8)}01`;
  const t = Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
  const dow = (new Date(t).getUTCDay() + 6) % 7; // Monday 0
  return new Date(t - dow * DAY).toISOString().slice(0, 10);
}

/** The period after (or before, with -1) `key`. */
export function stepPeriod(key: string, g: Granularity, by = 1): string {
  const [y, m, d] = key.split('-').map(Number) as [number, number, number];
  const t = g === 'month' ? Date.UTC(y, m - 1 + by, 1) : Date.UTC(y, m - 1, d + 7 * by);
  return new Date(t).toISOString().slice(0, 10);
}

/** The last `n` periods up to the one holding `now`, oldest first. */
export function periodsUntil(now: Date, g: Granularity, n: number): string[] {
  const out = [periodOf(now, g)];
  while (out.length < n) out.unshift(stepPeriod(out[0]!, g, -1));
  return out;
}

/** The UTC instant a period (a civil date in Mexico City) begins: the start of the window to read. */
export function periodStartInstant(key: string): string {
  // Mexico City has kept UTC-6 all year since 2022; a day earlier is a safe lower bound whatever the offset.
  return new Date(Date.parse(`${key}T00:00:00Z`) - DAY).toISOString();
}

export type Dimension = 'body' | 'evaluator' | 'standard';
export const DIMENSIONS: readonly Dimension[] = ['body', 'evaluator', 'standard'];

export interface Series {
  id: string;
  name: string;
  /** Certificates per period, aligned with `Volume.periods`. */
  counts: number[];
  total: number;
  revoked: number;
}

export interface Volume {
  granularity: Granularity;
  periods: string[];
  /** All certificates per period. */
  totals: number[];
  by: Record<Dimension, Series[]>;
}

const keyOf = (f: IssuedFact, d: Dimension): [string, string] =>
  d === 'body' ? [f.bodyId, f.bodyName] : d === 'evaluator' ? [f.evaluatorId, f.evaluatorName] : [f.standardCode, f.standardCode];

/** Issuance per period, in total and per body, evaluator and standard (most certificates first). */
export function volume(facts: readonly IssuedFact[], periods: readonly string[], g: Granularity): Volume {
  const index = new Map(periods.map((p, i) => [p, i]));
  const totals = periods.map(() => 0);
  const by = { body: new Map<string, Series>(), evaluator: new Map<string, Series>(), standard: new Map<string, Series>() };
  for (const f of facts) {
    const i = index.get(periodOf(f.issuedAt, g));
    if (i === undefined) continue;
    totals[i]!++;
    for (const d of DIMENSIONS) {
      const [id, name] = keyOf(f, d);
      let s = by[d].get(id);
      if (!s) by[d].set(id, (s = { id, name, counts: periods.map(() => 0), total: 0, revoked: 0 }));
      s.counts[i]!++;
      s.total++;
      if (f.revokedAt) s.revoked++;
    }
  }
  const sorted = (m: Map<string, Series>) => [...m.values()].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
  return { granularity: g, periods: [...periods], totals, by: { body: sorted(by.body), evaluator: sorted(by.evaluator), standard: sorted(by.standard) } };
}

/** Revoked share of what was issued, 0..1 (0 when nothing was issued). */
export const revocationRate = (s: Pick<Series, 'total' | 'revoked'>): number => (s.total === 0 ? 0 : s.revoked / s.total);

export type FlagKind = 'volume-jump' | 'repeated-curp' | 'quick-certification' | 'ending-accreditation';

export interface Flag {
  /** Stable within the same facts and rules; says nothing personal (no CURP), so it may go in an address. */
  key: string;
  kind: FlagKind;
  bodyId: string;
  bodyName: string;
  /** What the flag is about, for its line: the evaluator's or body's name, the holder's, the standard… */
  subject: string;
  /** Figures for the line, by kind: volume-jump {last, average}, repeated-curp {count}, quick {count, fastestSeconds}, ending {count, daysLeft}. */
  figures: Record<string, number | string>;
  /** The certificates behind it, oldest first. */
  credentialIds: string[];
}

/**
 * An evaluator or body whose certificates in the last period are far above its own history: more than `jumpFactor`
 * times its average over the `trailing` periods before, and at least `jumpMinimum` (a newcomer with no history is
 * flagged once it reaches the minimum).
 */
export function volumeJumps(facts: readonly IssuedFact[], periods: readonly string[], g: Granularity, rules: OversightRules = RULES): Flag[] {
  if (periods.length < 2) return [];
  const last = periods.length - 1;
  const v = volume(facts, periods, g);
  const out: Flag[] = [];
  for (const d of ['body', 'evaluator'] as const) {
    for (const s of v.by[d]) {
      const now = s.counts[last]!;
      const before = s.counts.slice(Math.max(0, last - rules.trailing), last);
      const average = before.reduce((a, b) => a + b, 0) / Math.max(1, before.length);
      if (now < rules.jumpMinimum || now <= rules.jumpFactor * average) continue;
      const behind = facts.filter((f) => keyOf(f, d)[0] === s.id && periodOf(f.issuedAt, g) === periods[last]);
      const body = behind[0]!;
      out.push({
        key: `volume-jump:${d}:${s.id}:${periods[last]}`,
        kind: 'volume-jump',
        bodyId: body.bodyId,
        bodyName: body.bodyName,
        subject: s.name,
        figures: { dimension: d, last: now, average: Math.round(average * 10) / 10, period: periods[last]! },
        credentialIds: behind.map((f) => f.credentialId),
      });
    }
  }
  return out;
}

/** Whether `a` was still a live certificate when `b` was issued: issued before, not expired, not yet revoked. */
function activeWhen(a: IssuedFact, b: IssuedFact): boolean {
  const at = Date.parse(b.issuedAt);
  if (Date.parse(a.issuedAt) > at || a.credentialId === b.credentialId) return false;
  if (a.validUntil && Date.parse(a.validUntil) <= at) return false;
  if (a.revokedAt && Date.parse(a.revokedAt) <= at) return false;
  return true;
}

/**
 * One CURP certified again for the same standard (by code, any version or body) while an earlier certificate of
 * it was active; a renewal of that certificate is not a repetition.
 */
export function repeatedCurps(facts: readonly IssuedFact[]): Flag[] {
  const groups = new Map<string, IssuedFact[]>();
  for (const f of facts) {
    const k = `${f.curp}\u0000${f.standardCode}`;
    const g = groups.get(k) ?? [];
    g.push(f);
    groups.set(k, g);
  }
  const out: Flag[] = [];
  for (const g of groups.values()) {
    const sorted = [...new Map(g.map((f) => [f.credentialId, f])).values()].sort((a, b) => a.issuedAt.localeCompare(b.issuedAt) || a.credentialId.localeCompare(b.credentialId));
    const behind = new Set<string>();
    for (const b of sorted) {
      for (const a of sorted) {
        if (b.renewsId === a.credentialId || !activeWhen(a, b)) continue;
        behind.add(a.credentialId);
        behind.add(b.credentialId);
      }
    }
    if (behind.size === 0) continue;
    const list = sorted.filter((f) => behind.has(f.credentialId));
    const first = list[0]!;
    const bodies = [...new Set(list.map((f) => f.bodyName))];
    out.push({
      key: `repeated-curp:${first.credentialId}`,
      kind: 'repeated-curp',
      bodyId: first.bodyId,
      bodyName: bodies.join(' · '),
      subject: first.holderName ?? first.credentialId,
      figures: { count: list.length, standard: first.standardCode, bodies: bodies.length },
      credentialIds: list.map((f) => f.credentialId),
    });
  }
  return out;
}

/**
 * Certified implausibly fast: less than `quickMs` after the evaluation was recorded, or with an evaluation date
 * after the day it was certified. One flag per body and certifier.
 */
export function quickCertifications(facts: readonly IssuedFact[], rules: OversightRules = RULES): Flag[] {
  const groups = new Map<string, IssuedFact[]>();
  for (const f of facts) {
    const gap = Date.parse(f.issuedAt) - Date.parse(f.recordedAt);
    if (!(gap < rules.quickMs || f.evaluatedOn > civilDate(f.issuedAt))) continue;
    const k = `${f.bodyId}:${f.certifierId ?? '-'}`;
    groups.set(k, [...(groups.get(k) ?? []), f]);
  }
  return [...groups.entries()].map(([k, list]) => {
    const fastest = Math.min(...list.map((f) => Date.parse(f.issuedAt) - Date.parse(f.recordedAt)));
    return {
      key: `quick-certification:${k}`,
      kind: 'quick-certification' as const,
      bodyId: list[0]!.bodyId,
      bodyName: list[0]!.bodyName,
      subject: list[0]!.certifierName ?? list[0]!.certifierId ?? '',
      figures: { count: list.length, fastestSeconds: Math.round(fastest / 1000), afterCertification: list.filter((f) => f.evaluatedOn > civilDate(f.issuedAt)).length },
      credentialIds: list.map((f) => f.credentialId),
    };
  });
}

/** Certificates a body issued for a standard in the last `endingDays` days of that accreditation's period. */
export function endingAccreditations(facts: readonly IssuedFact[], accreditations: readonly AccreditationFact[], rules: OversightRules = RULES): Flag[] {
  const out: Flag[] = [];
  for (const a of accreditations) {
    const end = Date.parse(a.validUntil);
    const start = end - rules.endingDays * DAY;
    const list = facts.filter((f) => f.bodyId === a.bodyId && f.standardId === a.standardId && Date.parse(f.issuedAt) >= start && Date.parse(f.issuedAt) < end);
    if (list.length === 0) continue;
    out.push({
      key: `ending-accreditation:${a.id}`,
      kind: 'ending-accreditation',
      bodyId: a.bodyId,
      bodyName: a.bodyName,
      subject: a.standardCode,
      figures: { count: list.length, validUntil: a.validUntil },
      credentialIds: list.map((f) => f.credentialId),
    });
  }
  return out;
}

export interface OversightInput {
  now: Date;
  granularity: Granularity;
  /** Issued within the window (see `oversightWindow`). */
  recent: readonly IssuedFact[];
  /** `OversightSource.repeatedCurps()`. */
  repeated: readonly IssuedFact[];
  accreditations: readonly AccreditationFact[];
  rules?: OversightRules;
}

export interface Oversight {
  volume: Volume;
  flags: Flag[];
  /** Every fact read, by credential id: what a flag's certificates page lists. */
  facts: Map<string, IssuedFact>;
}

/** The periods shown and the instant to read facts from. */
export function oversightWindow(now: Date, g: Granularity, rules: OversightRules = RULES): { periods: string[]; since: string } {
  const periods = periodsUntil(now, g, rules.periods);
  return { periods, since: periodStartInstant(periods[0]!) };
}

export function oversight(input: OversightInput): Oversight {
  const rules = input.rules ?? RULES;
  const { periods } = oversightWindow(input.now, input.granularity, rules);
  const inWindow = new Set(periods);
  const recent = input.recent.filter((f) => inWindow.has(periodOf(f.issuedAt, input.granularity)));
  const flags = [...volumeJumps(recent, periods, input.granularity, rules), ...repeatedCurps(input.repeated), ...quickCertifications(recent, rules), ...endingAccreditations(recent, input.accreditations, rules)];
  const facts = new Map<string, IssuedFact>();
  for (const f of [...input.recent, ...input.repeated]) facts.set(f.credentialId, f);
  return { volume: volume(recent, periods, input.granularity), flags, facts };
}

/** A CURP as a page may show it: the first four letters, the rest hidden. */
export const maskCurp = (curp: string): string => `${curp.slice(0, 4)}${'•'.repeat(Math.max(0, curp.length - 4))}`;

/** The UTC instant a civil day (`YYYY-MM-DD`) begins in Mexico City; null for a date that does not exist. */
export function civilDayStart(date: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const guess = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (guess.toISOString().slice(0, 10) !== date) return null;
  const name = new Intl.DateTimeFormat('en-US', { timeZone: ZONE, timeZoneName: 'longOffset' }).formatToParts(guess).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const o = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  const minutes = o ? (o[1] === '-' ? -1 : 1) * (Number(o[2]) * 60 + Number(o[3])) : 0;
  return new Date(guess.getTime() - minutes * 60_000).toISOString();
}

/** The day after a civil date. */
export const nextDay = (date: string): string => new Date(Date.parse(`${date}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
