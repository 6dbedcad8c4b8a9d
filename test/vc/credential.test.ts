import { describe, expect, it } from 'vitest';
import { checkCredential, findEmbeddedContext, type CredentialCheckMode } from '../../src/vc/index.js';

const minimal = () => ({
  '@context': ['https://www.w3.org/ns/credentials/v2'],
  type: ['VerifiableCredential'],
  issuer: 'did:web:avala.test:bodies:cecati-42',
  credentialSubject: { id: 'did:example:worker' },
  validFrom: '2026-06-01T12:00:00Z',
});

const MODES: CredentialCheckMode[] = ['issue', 'verify'];

describe('the one credential check, in both modes', () => {
  it.each(MODES)('%s: accepts a minimal VC 2.0 credential', (mode) => {
    expect(checkCredential(minimal(), mode)).toMatchObject({ ok: true });
  });

  // The defect this check was unified for: issuance refused 2026-02-30 and the verifier let Date.parse roll it
  // over to 2 March.
  it.each(MODES)('%s: refuses a date that does not exist', (mode) => {
    for (const [prop, value] of [
      ['validFrom', '2026-02-30T00:00:00Z'],
      ['validUntil', '2027-02-29T00:00:00Z'],
      ['validUntil', '2027-04-31T23:59:59+02:00'],
    ] as const) {
      expect(checkCredential({ ...minimal(), [prop]: value }, mode)).toEqual({ ok: false, problems: [{ path: [prop], message: 'must be a real date and time' }] });
    }
    expect(checkCredential({ ...minimal(), validUntil: '2028-02-29T00:00:00Z' }, mode)).toMatchObject({ ok: true });
  });

  it.each(MODES)('%s: refuses the same broken shared properties with the same words', (mode) => {
    const first = (c: unknown) => {
      const r = checkCredential(c, mode);
      return r.ok ? null : r.problems[0];
    };
    expect(first({ ...minimal(), issuer: 'Universidad de Guadalajara' })).toEqual({ path: ['issuer'], message: 'must be an absolute URL or URI' });
    expect(first({ ...minimal(), type: ['OpenBadgeCredential'] })).toEqual({ path: ['type'], message: 'must include VerifiableCredential' });
    expect(first({ ...minimal(), validFrom: '2026-06-01T12:00:00' })).toEqual({
      path: ['validFrom'],
      message: 'must be an XML Schema dateTimeStamp with a time zone, e.g. 2026-06-01T12:00:00Z',
    });
    expect(first({ ...minimal(), validUntil: '2020-01-01T00:00:00Z' })).toEqual({ path: ['validUntil'], message: 'must not be before validFrom' });
    expect(first({ ...minimal(), credentialSubject: undefined })).toEqual({ path: ['credentialSubject'], message: 'is required' });
  });

  it('judges the @context and the properties the verifier does not read only when issuing', () => {
    const noContext = { ...minimal(), '@context': undefined };
    expect(checkCredential(noContext, 'issue')).toMatchObject({ ok: false, problems: [{ path: ['@context'], message: 'is required' }] });
    // The verifier judges contexts against its own list first, with their own reason codes.
    expect(checkCredential(noContext, 'verify')).toMatchObject({ ok: true });
    const oddEvidence = { ...minimal(), evidence: [{ id: 'urn:uuid:1' }] };
    expect(checkCredential(oddEvidence, 'issue')).toMatchObject({ ok: false, problems: [{ path: ['evidence'] }] });
    expect(checkCredential(oddEvidence, 'verify')).toMatchObject({ ok: true });
  });
});

describe('findEmbeddedContext', () => {
  it('finds an @context below the top level, wherever it sits, and nothing else', () => {
    expect(findEmbeddedContext(minimal())).toBeNull();
    expect(findEmbeddedContext({ ...minimal(), credentialSubject: { achievement: [{ '@context': {} }] } })).toEqual(['credentialSubject', 'achievement', 0]);
  });
});
