import { describe, expect, it } from 'vitest';
import type { Accreditation, Standard } from '../../src/registry/index.js';
import { didWebFor, underCoveredStandards } from '../../src/registry/index.js';
import { accreditationStateAt } from '../../src/vc/index.js';
import { assertAccreditationTransition, assertStandardCode, transitionStandard } from '../../src/registry/rules.js';
import { errorCodeOf as codeOf } from '../helpers/expect.js';

const standard = (over: Partial<Standard> = {}): Standard => ({
  id: 's1',
  code: 'EC0217',
  version: 1,
  title: 't',
  description: 'd',
  criteria: ['c'],
  sector: 'Educación',
  level: 3,
  committeeId: 'c1',
  validityMonths: 36,
  state: 'draft',
  publishedAt: null,
  withdrawnAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

const accreditation = (over: Partial<Accreditation> = {}): Accreditation => ({
  id: 'a1',
  bodyId: 'b1',
  standardId: 's1',
  validFrom: '2026-01-01T00:00:00.000Z',
  validUntil: '2027-01-01T00:00:00.000Z',
  state: 'active',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  history: [{ at: '2026-01-01T00:00:00.000Z', state: 'active', reason: 'granted', actor: 'authority' }],
  ...over,
});

describe('registry rules', () => {
  it('accepts EC plus four digits and nothing else as a standard code', () => {
    expect(codeOf(() => assertStandardCode('EC0217'))).toBeUndefined();
    for (const bad of ['EC217', 'ec0217', 'EC02170', 'XX0217', 'EC02a7', '']) expect(codeOf(() => assertStandardCode(bad))).toBe('ERR_VALIDATION');
  });

  it('moves a standard draft → published → withdrawn and stamps the dates', () => {
    const now = new Date('2026-03-01T00:00:00.000Z');
    const published = transitionStandard(standard(), 'published', now);
    expect(published).toMatchObject({ state: 'published', publishedAt: now.toISOString(), withdrawnAt: null });
    const withdrawn = transitionStandard(published, 'withdrawn', now);
    expect(withdrawn).toMatchObject({ state: 'withdrawn', withdrawnAt: now.toISOString() });
  });

  it('refuses every other standard transition', () => {
    const now = new Date();
    expect(codeOf(() => transitionStandard(standard(), 'withdrawn', now))).toBe('ERR_INVALID_TRANSITION');
    expect(codeOf(() => transitionStandard(standard({ state: 'published' }), 'draft', now))).toBe('ERR_INVALID_TRANSITION');
    expect(codeOf(() => transitionStandard(standard({ state: 'withdrawn' }), 'published', now))).toBe('ERR_INVALID_TRANSITION');
  });

  it('never brings a withdrawn accreditation back', () => {
    expect(codeOf(() => assertAccreditationTransition(accreditation({ state: 'withdrawn' }), 'active'))).toBe('ERR_INVALID_TRANSITION');
    expect(codeOf(() => assertAccreditationTransition(accreditation({ state: 'suspended' }), 'active'))).toBeUndefined();
  });

  it('reads an accreditation state at a past instant from its history', () => {
    const a = accreditation({
      state: 'withdrawn',
      history: [
        { at: '2026-01-01T00:00:00.000Z', state: 'active', reason: 'granted', actor: 'authority' },
        { at: '2026-03-01T00:00:00.000Z', state: 'suspended', reason: 'audit', actor: 'authority' },
        { at: '2026-04-01T00:00:00.000Z', state: 'active', reason: null, actor: 'authority' },
        { at: '2026-06-01T00:00:00.000Z', state: 'withdrawn', reason: 'fraud', actor: 'authority' },
      ],
    });
    expect(accreditationStateAt(a, new Date('2026-02-01T00:00:00Z'))).toBe('active');
    expect(accreditationStateAt(a, new Date('2026-03-15T00:00:00Z'))).toBe('suspended');
    expect(accreditationStateAt(a, new Date('2026-05-01T00:00:00Z'))).toBe('active');
    expect(accreditationStateAt(a, new Date('2026-07-01T00:00:00Z'))).toBe('withdrawn');
    expect(accreditationStateAt(a, new Date('2025-12-31T00:00:00Z'))).toBe('outside-period');
    expect(accreditationStateAt(a, new Date('2027-01-01T00:00:00Z'))).toBe('outside-period');
  });

  it('reports published standards with fewer than three active bodies', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    const s1 = standard({ id: 's1', state: 'published' });
    const s2 = standard({ id: 's2', code: 'EC0301', state: 'published' });
    const draft = standard({ id: 's3', code: 'EC0999' });
    const accs = ['b1', 'b2', 'b3'].map((b, i) => accreditation({ id: `a${i}`, bodyId: b, standardId: 's1' }));
    accs.push(accreditation({ id: 'x', bodyId: 'b1', standardId: 's2' }));
    accs.push(accreditation({ id: 'y', bodyId: 'b2', standardId: 's2', history: [{ at: '2026-01-01T00:00:00.000Z', state: 'suspended', reason: null, actor: 'authority' }] }));
    expect(underCoveredStandards([s1, s2, draft], accs, now)).toEqual([
      { standardId: 's2', code: 'EC0301', version: 1, title: 't', sector: 'Educación', activeBodies: 1 },
    ]);
  });

  it('encodes the port of the public URL in a did:web', () => {
    expect(didWebFor('http://localhost:3000', 'bodies', 'cecati-42')).toBe('did:web:localhost%3A3000:bodies:cecati-42');
    expect(didWebFor('https://avala.gob.mx/base')).toBe('did:web:avala.gob.mx:base');
  });
});
