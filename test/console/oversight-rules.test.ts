/** The oversight rules on facts written by hand: no database, each flag shown firing and shown holding back. */
import { describe, expect, it } from 'vitest';
import {
  endingAccreditations,
  oversight,
  periodOf,
  periodsUntil,
  quickCertifications,
  repeatedCurps,
  revocationRate,
  volume,
  volumeJumps,
  maskCurp,
  civilDayStart,
  nextDay,
  type IssuedFact,
} from '../../src/console/index.js';

let n = 0;
function fact(over: Partial<IssuedFact> = {}): IssuedFact {
  n++;
  const issuedAt = over.issuedAt ?? '2026-06-03T18:00:00.000Z';
  return {
    credentialId: `urn:uuid:${String(n).padStart(4, '0')}`,
    bodyId: 'b1',
    bodyName: 'Body One',
    standardId: 'ec0217-1',
    standardCode: 'EC0217',
    evaluatorId: 'ev1',
    evaluatorName: 'Ana',
    certifierId: 'ce1',
    certifierName: 'Benito',
    holderName: `Worker ${n}`,
    curp: `CURP${String(n).padStart(14, '0')}`,
    issuedAt,
    recordedAt: new Date(Date.parse(issuedAt) - 3_600_000).toISOString(),
    evaluatedOn: '2026-05-20',
    validUntil: '2029-06-03T18:00:00.000Z',
    renewsId: null,
    revokedAt: null,
    ...over,
  };
}
/** `count` certificates in the week starting `monday` (a Wednesday noon in Mexico City, each a minute apart). */
const week = (monday: string, count: number, over: Partial<IssuedFact> = {}) =>
  Array.from({ length: count }, (_, i) => fact({ issuedAt: new Date(Date.parse(`${monday}T18:00:00Z`) + 2 * 86_400_000 + i * 60_000).toISOString(), ...over }));

describe('periods', () => {
  it('names weeks by their Monday and months by their 1st, in Mexico City time', () => {
    expect(periodOf('2026-06-03T18:00:00Z', 'week')).toBe('2026-06-01');
    // 03:00 UTC on Monday 8 June is still Sunday 7 June in Mexico City (UTC-6).
    expect(periodOf('2026-06-08T03:00:00Z', 'week')).toBe('2026-06-01');
    expect(periodOf('2026-06-08T07:00:00Z', 'week')).toBe('2026-06-08');
    expect(periodOf('2026-07-01T05:00:00Z', 'month')).toBe('2026-06-01');
    expect(periodsUntil(new Date('2026-06-03T18:00:00Z'), 'week', 3)).toEqual(['2026-05-18', '2026-05-25', '2026-06-01']);
    expect(periodsUntil(new Date('2026-01-15T18:00:00Z'), 'month', 3)).toEqual(['2025-11-01', '2025-12-01', '2026-01-01']);
  });

  it('turns a civil day into the UTC instant it starts in Mexico City, refusing days that do not exist', () => {
    expect(civilDayStart('2026-02-03')).toBe('2026-02-03T06:00:00.000Z');
    expect(civilDayStart('2026-02-31')).toBeNull();
    expect(civilDayStart('3 Feb')).toBeNull();
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
  });
});

describe('volume and revocation rates', () => {
  it('counts per period in total and per body, evaluator and standard, and the revoked share', () => {
    const facts = [...week('2026-05-25', 2), ...week('2026-06-01', 3, { bodyId: 'b2', bodyName: 'Body Two', evaluatorId: 'ev2', evaluatorName: 'Eva' }), fact({ revokedAt: '2026-06-04T00:00:00Z' })];
    const v = volume(facts, ['2026-05-25', '2026-06-01'], 'week');
    expect(v.totals).toEqual([2, 4]);
    expect(v.by.body.map((s) => [s.name, s.counts, s.revoked])).toEqual([
      ['Body One', [2, 1], 1],
      ['Body Two', [0, 3], 0],
    ]);
    expect(v.by.standard).toHaveLength(1);
    expect(revocationRate(v.by.body[0]!)).toBeCloseTo(1 / 3);
    expect(revocationRate({ total: 0, revoked: 0 })).toBe(0);
  });
});

describe('flag: volume far above its own history', () => {
  const periods = ['2026-05-04', '2026-05-11', '2026-05-18', '2026-05-25', '2026-06-01'];
  const history = [...week('2026-05-04', 3), ...week('2026-05-11', 4), ...week('2026-05-18', 3), ...week('2026-05-25', 2)];

  it('flags the evaluator and the body whose last week is more than 3x their trailing average, with those certificates', () => {
    const burst = week('2026-06-01', 12);
    const flags = volumeJumps([...history, ...burst], periods, 'week');
    expect(flags.map((f) => f.key).sort()).toEqual(['volume-jump:body:b1:2026-06-01', 'volume-jump:evaluator:ev1:2026-06-01']);
    expect(flags[0]!.figures).toMatchObject({ last: 12, average: 3 });
    expect(flags[0]!.credentialIds).toEqual(burst.map((f) => f.credentialId));
  });

  it('does not flag at 3x exactly, nor a jump under the minimum count', () => {
    expect(volumeJumps([...history, ...week('2026-06-01', 9)], periods, 'week')).toEqual([]);
    const small = [...week('2026-05-04', 1), ...week('2026-06-01', 9)];
    expect(volumeJumps(small, periods, 'week')).toEqual([]);
    expect(volumeJumps([...history, ...week('2026-06-01', 10)], periods, 'week')).toHaveLength(2);
  });

  it('flags a newcomer with no history once it reaches the minimum, and not the steady evaluator beside it', () => {
    const other = week('2026-06-01', 10, { evaluatorId: 'ev9', evaluatorName: 'Nueva' });
    const flags = volumeJumps([...history, ...week('2026-06-01', 4), ...other], periods, 'week');
    // The body's week is 14 against an average of 3; its steady evaluator (4 against 3) is not flagged.
    expect(flags.map((f) => f.key)).toEqual(['volume-jump:body:b1:2026-06-01', 'volume-jump:evaluator:ev9:2026-06-01']);
    expect(flags[1]!.figures.average).toBe(0);
    expect(flags[1]!.credentialIds).toEqual(other.map((f) => f.credentialId));
  });
});

describe('flag: one CURP certified again for the same standard while a certificate is active', () => {
  it('flags a second certificate for the same CURP and standard code, across bodies and versions', () => {
    const a = fact({ curp: 'SAME', issuedAt: '2026-03-01T00:00:00Z' });
    const b = fact({ curp: 'SAME', issuedAt: '2026-06-01T00:00:00Z', bodyId: 'b2', bodyName: 'Body Two', standardId: 'ec0217-2' });
    const other = fact({ curp: 'SAME', standardCode: 'EC0301', standardId: 'ec0301' });
    const flags = repeatedCurps([a, b, other]);
    expect(flags).toHaveLength(1);
    expect(flags[0]!.key).toBe(`repeated-curp:${a.credentialId}`);
    expect(flags[0]!.key).not.toContain('SAME');
    expect(flags[0]!.credentialIds).toEqual([a.credentialId, b.credentialId]);
    expect(flags[0]!.figures).toMatchObject({ count: 2, bodies: 2 });
  });

  it('does not flag a renewal, nor one issued after the first was revoked or expired', () => {
    const a = fact({ curp: 'R', issuedAt: '2026-01-01T00:00:00Z' });
    const renewal = fact({ curp: 'R', issuedAt: '2026-06-01T00:00:00Z', renewsId: a.credentialId });
    expect(repeatedCurps([a, renewal])).toEqual([]);
    const revoked = fact({ curp: 'V', issuedAt: '2026-01-01T00:00:00Z', revokedAt: '2026-02-01T00:00:00Z' });
    expect(repeatedCurps([revoked, fact({ curp: 'V', issuedAt: '2026-03-01T00:00:00Z' })])).toEqual([]);
    const expired = fact({ curp: 'X', issuedAt: '2023-01-01T00:00:00Z', validUntil: '2026-01-01T00:00:00Z' });
    expect(repeatedCurps([expired, fact({ curp: 'X', issuedAt: '2026-03-01T00:00:00Z' })])).toEqual([]);
    // Revoked later than the second was issued: both were live at once.
    const late = fact({ curp: 'L', issuedAt: '2026-01-01T00:00:00Z', revokedAt: '2026-05-01T00:00:00Z' });
    expect(repeatedCurps([late, fact({ curp: 'L', issuedAt: '2026-03-01T00:00:00Z' })])).toHaveLength(1);
  });
});

describe('flag: certified implausibly fast', () => {
  it('flags certificates signed under 2 minutes after the evaluation was recorded, or evaluated after certification, per certifier', () => {
    const at = '2026-06-03T18:00:00.000Z';
    const fast = fact({ issuedAt: at, recordedAt: '2026-06-03T17:59:30.000Z' });
    const later = fact({ issuedAt: at, evaluatedOn: '2026-06-05' });
    const ok = fact({ issuedAt: at, recordedAt: '2026-06-03T17:58:00.000Z' });
    const other = fact({ issuedAt: at, recordedAt: at, certifierId: 'ce2', certifierName: 'Otro' });
    const flags = quickCertifications([fast, later, ok, other]);
    expect(flags.map((f) => [f.key, f.credentialIds])).toEqual([
      ['quick-certification:b1:ce1', [fast.credentialId, later.credentialId]],
      ['quick-certification:b1:ce2', [other.credentialId]],
    ]);
    expect(flags[0]!.figures).toMatchObject({ count: 2, fastestSeconds: 30, afterCertification: 1 });
    expect(flags[0]!.subject).toBe('Benito');
  });

  it('does not flag an evaluation certified the same day it happened, two minutes or more after it was recorded', () => {
    expect(quickCertifications([fact({ issuedAt: '2026-06-03T23:00:00Z', recordedAt: '2026-06-03T22:58:00Z', evaluatedOn: '2026-06-03' })])).toEqual([]);
  });
});

describe('flag: issuing near the end of the accreditation', () => {
  const acc = { id: 'acc1', bodyId: 'b1', bodyName: 'Body One', standardId: 'ec0217-1', standardCode: 'EC0217', validFrom: '2025-01-01T00:00:00Z', validUntil: '2026-06-15T00:00:00Z' };
  it('flags certificates of that body and standard in the last 14 days of the period', () => {
    const inside = fact({ issuedAt: '2026-06-02T00:00:00Z' });
    const before = fact({ issuedAt: '2026-05-31T23:59:59Z' });
    const otherStandard = fact({ issuedAt: '2026-06-02T00:00:00Z', standardId: 'ec0301' });
    const otherBody = fact({ issuedAt: '2026-06-02T00:00:00Z', bodyId: 'b2' });
    const flags = endingAccreditations([inside, before, otherStandard, otherBody], [acc]);
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ key: 'ending-accreditation:acc1', credentialIds: [inside.credentialId], subject: 'EC0217' });
    expect(endingAccreditations([before], [acc])).toEqual([]);
  });
});

describe('all together', () => {
  it('reads only the window for volume and the three window rules, and keeps every fact for the flag pages', () => {
    const now = new Date('2026-06-03T20:00:00Z');
    const old = fact({ issuedAt: '2025-01-01T00:00:00Z', recordedAt: '2025-01-01T00:00:00Z' });
    const recent = fact({ issuedAt: '2026-06-03T18:00:00Z' });
    const o = oversight({ now, granularity: 'week', recent: [old, recent], repeated: [], accreditations: [] });
    expect(o.volume.periods).toHaveLength(12);
    expect(o.volume.totals.at(-1)).toBe(1);
    expect(o.volume.totals.reduce((a, b) => a + b, 0)).toBe(1);
    expect(o.flags).toEqual([]);
    expect(o.facts.has(recent.credentialId)).toBe(true);
  });

  it('masks a CURP to its first four letters', () => {
    expect(maskCurp('GAXX600101HDFRRN09')).toBe('GAXX••••••••••••••');
  });
});
