import type { Clock } from '../clock.js';
import type { Batch, IssuanceService, StaffActor } from '../issuance/index.js';
import { isAccreditedAt, type AccreditationState, type CoverageRow, type RegistryService } from '../registry/index.js';
import type { RenewalDue, StatusService } from '../status/index.js';

/**
 * What the console's dashboards show, read from the very services the API answers from (no rule of its own): the
 * issuance service's counts, the status service's renewals, the registry's accreditations and coverage report.
 */
export interface DashboardDeps {
  issuance: Pick<IssuanceService, 'countIssued' | 'awaitingCertification' | 'batchesInProgress'>;
  status: Pick<StatusService, 'dueForRenewal'>;
  registry: Pick<RegistryService, 'listAccreditations' | 'getStandard' | 'listBodies' | 'listStandards' | 'coverageReport'>;
  clock: Clock;
}

/** Within how many days a renewal or an accreditation's end is "coming". */
export const HORIZON_DAYS = 90;
/** The renewals counted at most (the status service's own cap on one answer). */
const RENEWALS_CAP = 10_000;

export interface AccreditationLine {
  id: string;
  standardCode: string;
  standardVersion: number;
  standardTitle: string;
  state: AccreditationState;
  validFrom: string;
  validUntil: string;
  /** Active now (state and period). */
  inForce: boolean;
  /** In force, and its period ends within the horizon. */
  endingSoon: boolean;
}

export interface BodyDashboard {
  /** The calendar month counted (Mexico City time), as [from, until). */
  month: { from: string; until: string };
  issuedThisMonth: number;
  awaitingCertification: number;
  batchesInProgress: Array<Pick<Batch, 'id' | 'fileName' | 'state' | 'rowsTotal' | 'rowsBad' | 'rowsIssued' | 'updatedAt'>>;
  dueForRenewal: { withinDays: number; count: number; capped: boolean; soonest: RenewalDue[] };
  accreditations: AccreditationLine[];
}

export interface AuthorityDashboard {
  activeBodies: number;
  publishedStandards: number;
  /** Published standards with fewer than three accredited bodies (the registry's coverage report). */
  underCovered: CoverageRow[];
  /** Accreditations in force whose period ends within the horizon. */
  accreditationsEndingSoon: number;
}

/** The civil month of `now` in Mexico City, as UTC instants [from, until). */
export function monthOf(now: Date, timeZone = 'America/Mexico_City'): { from: Date; until: Date } {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(now).map((p) => [p.type, p.value]));
  const y = Number(parts.year);
  const m = Number(parts.month);
  const startOf = (year: number, month: number) => {
    // The zone's offset at that local midnight (Mexico has kept one offset all year since 2022, but do not assume it).
    const guess = new Date(Date.UTC(year, month - 1, 1));
    const offset = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(guess).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    const mm = /GMT([+-])(\d{2}):(\d{2})/.exec(offset);
    const minutes = mm ? (mm[1] === '-' ? -1 : 1) * (Number(mm[2]) * 60 + Number(mm[3])) : 0;
    return new Date(guess.getTime() - minutes * 60_000);
  };
  return { from: startOf(y, m), until: m === 12 ? startOf(y + 1, 1) : startOf(y, m + 1) };
}

export async function bodyDashboard(d: DashboardDeps, actor: StaffActor): Promise<BodyDashboard> {
  const now = d.clock();
  const month = monthOf(now);
  const horizon = now.getTime() + HORIZON_DAYS * 86_400_000;
  const [issuedThisMonth, awaiting, batches, renewals, accreditations] = await Promise.all([
    d.issuance.countIssued(actor, month.from, month.until),
    d.issuance.awaitingCertification(actor, { limit: 0 }),
    d.issuance.batchesInProgress(actor, { limit: 20 }),
    d.status.dueForRenewal(actor.bodyId, HORIZON_DAYS, { limit: RENEWALS_CAP }),
    d.registry.listAccreditations({ bodyId: actor.bodyId }),
  ]);
  const lines: AccreditationLine[] = [];
  for (const a of accreditations) {
    const s = await d.registry.getStandard(a.standardId);
    const inForce = isAccreditedAt(a, now);
    lines.push({ id: a.id, standardCode: s.code, standardVersion: s.version, standardTitle: s.title, state: a.state, validFrom: a.validFrom, validUntil: a.validUntil, inForce, endingSoon: inForce && Date.parse(a.validUntil) <= horizon });
  }
  lines.sort((x, y) => Number(y.inForce) - Number(x.inForce) || x.validUntil.localeCompare(y.validUntil) || x.standardCode.localeCompare(y.standardCode));
  return {
    month: { from: month.from.toISOString(), until: month.until.toISOString() },
    issuedThisMonth,
    awaitingCertification: awaiting.total,
    batchesInProgress: batches.map((b) => ({ id: b.id, fileName: b.fileName, state: b.state, rowsTotal: b.rowsTotal, rowsBad: b.rowsBad, rowsIssued: b.rowsIssued, updatedAt: b.updatedAt })),
    dueForRenewal: { withinDays: HORIZON_DAYS, count: renewals.length, capped: renewals.length >= RENEWALS_CAP, soonest: [...renewals].sort((x, y) => x.validUntil.localeCompare(y.validUntil)).slice(0, 5) },
    accreditations: lines,
  };
}

export async function authorityDashboard(d: DashboardDeps): Promise<AuthorityDashboard> {
  const now = d.clock();
  const horizon = now.getTime() + HORIZON_DAYS * 86_400_000;
  const [bodies, standards, underCovered, accreditations] = await Promise.all([d.registry.listBodies(), d.registry.listStandards({ state: 'published' }), d.registry.coverageReport(), d.registry.listAccreditations()]);
  return {
    activeBodies: bodies.filter((b) => b.state === 'active').length,
    publishedStandards: standards.length,
    underCovered,
    accreditationsEndingSoon: accreditations.filter((a) => isAccreditedAt(a, now) && Date.parse(a.validUntil) <= horizon).length,
  };
}
