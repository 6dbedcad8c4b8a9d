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

// The W3C VC 2.0 suite's related resource (the base context) with its two digests.
const RELATED = {
  id: 'https://www.w3.org/ns/credentials/v2',
  mediaType: 'application/ld+json',
  digestSRI: 'sha384-NSOcNpmdIVUxIJGvGUoe22FjTWrXiaXlsZ8q6912LdnR3KraQO2n75Ica4wK4Qeg',
  digestMultibase: 'uJKGMkOmFbVJhEfKTduMC2XCyvRAYLjOVmZWwIH1wQ7k',
};

describe('data schemas and related resources (VC 2.0 §4.11, §5.3), in both modes', () => {
  const first = (c: unknown, mode: CredentialCheckMode) => {
    const r = checkCredential(c, mode);
    return r.ok ? null : r.problems[0];
  };

  it.each(MODES)('%s: accepts related resources with either digest, one or many, and a schema with id and type', (mode) => {
    for (const relatedResource of [
      { id: RELATED.id, digestSRI: RELATED.digestSRI },
      { id: RELATED.id, digestMultibase: RELATED.digestMultibase },
      [{ id: RELATED.id, mediaType: RELATED.mediaType, digestSRI: RELATED.digestSRI }, { id: 'https://avala.test/x', digestMultibase: 'zQmcpN2m4evypL9GHK6d9sHYMmfkFMkzqXU6svvvQd7XDp5' }],
    ]) {
      expect(checkCredential({ ...minimal(), relatedResource }, mode)).toMatchObject({ ok: true });
    }
    expect(checkCredential({ ...minimal(), credentialSchema: { id: 'https://avala.test/schema.json', type: 'JsonSchema' } }, mode)).toMatchObject({ ok: true });
  });

  it.each(MODES)('%s: refuses a schema without an id (the suite found it accepted)', (mode) => {
    expect(first({ ...minimal(), credentialSchema: { type: 'JsonSchema' } }, mode)).toMatchObject({ path: ['credentialSchema'] });
    expect(first({ ...minimal(), credentialSchema: [{ id: 'not a url', type: 'JsonSchema' }] }, mode)).toMatchObject({ path: ['credentialSchema', 0, 'id'] });
  });

  it.each(MODES)('%s: refuses a related resource without an id, without a digest, twice the same, as a bare string, or with a malformed digest', (mode) => {
    expect(first({ ...minimal(), relatedResource: [{ digestMultibase: RELATED.digestMultibase }] }, mode)).toMatchObject({ path: ['relatedResource'] });
    // Named by what is missing, not "type is required" as the 400 said before.
    expect(first({ ...minimal(), relatedResource: [{ id: RELATED.id }] }, mode)).toEqual({ path: ['relatedResource', 0], message: 'needs a digestSRI or a digestMultibase' });
    expect(first({ ...minimal(), relatedResource: [{ id: RELATED.id, digestSRI: RELATED.digestSRI }, { id: RELATED.id, digestMultibase: RELATED.digestMultibase }] }, mode)).toEqual({
      path: ['relatedResource'],
      message: 'must not name the same id twice',
    });
    expect(first({ ...minimal(), relatedResource: [RELATED.id] }, mode)).toMatchObject({ path: ['relatedResource'] });
    expect(first({ ...minimal(), relatedResource: { id: RELATED.id, digestSRI: 'sha384-short' } }, mode)).toMatchObject({ path: ['relatedResource', 'digestSRI'] });
    expect(first({ ...minimal(), relatedResource: { id: RELATED.id, digestMultibase: 'mNotAMultibaseWeRead' } }, mode)).toMatchObject({ path: ['relatedResource', 'digestMultibase'] });
  });
});

describe('findEmbeddedContext', () => {
  it('finds an @context below the top level, wherever it sits, and nothing else', () => {
    expect(findEmbeddedContext(minimal())).toBeNull();
    expect(findEmbeddedContext({ ...minimal(), credentialSubject: { achievement: [{ '@context': {} }] } })).toEqual(['credentialSubject', 'achievement', 0]);
  });
});
