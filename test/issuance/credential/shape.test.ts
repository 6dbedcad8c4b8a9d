import { describe, expect, it } from 'vitest';
import { assertCredentialShape } from '../../../src/issuance/credential/index.js';
import { exampleCredential } from './example.js';

const minimal = () => ({
  '@context': ['https://www.w3.org/ns/credentials/v2'],
  type: ['VerifiableCredential'],
  issuer: 'did:web:avala.test:bodies:demo',
  credentialSubject: { id: 'did:example:holder' },
});

function refused(value: unknown, message: RegExp) {
  expect(() => assertCredentialShape(value)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_CREDENTIAL', message: expect.stringMatching(message) }));
}

describe('assertCredentialShape', () => {
  it('accepts a competency certificate and a minimal VC 2.0 credential', () => {
    expect(() => assertCredentialShape(exampleCredential())).not.toThrow();
    expect(() => assertCredentialShape(minimal())).not.toThrow();
    expect(() => assertCredentialShape({ ...minimal(), type: 'VerifiableCredential', issuer: { id: 'https://avala.test/bodies/demo', name: 'Demo' } })).not.toThrow();
  });

  it('accepts the forms VC 2.0 allows: inline contexts, several subjects, language values, offsets', () => {
    expect(() =>
      assertCredentialShape({
        ...minimal(),
        '@context': ['https://www.w3.org/ns/credentials/v2', { '@vocab': 'https://avala.test/vocab#' }],
        credentialSubject: [{ id: 'did:example:a' }, { name: 'B' }],
        name: { '@value': 'Certificado', '@language': 'es' },
        validFrom: '2026-06-01T06:00:00-06:00',
        validUntil: '2029-06-01T12:00:00.5Z',
      }),
    ).not.toThrow();
  });

  it.each([
    ['not an object', [], /must be a JSON object/],
    ['no @context', { ...minimal(), '@context': undefined }, /@context is required/],
    ['a VC 1.1 context first', { ...minimal(), '@context': ['https://www.w3.org/2018/credentials/v1', 'https://www.w3.org/ns/credentials/v2'] }, /@context must start with https:\/\/www.w3.org\/ns\/credentials\/v2/],
    ['a type without VerifiableCredential', { ...minimal(), type: ['OpenBadgeCredential'] }, /type must include VerifiableCredential/],
    ['no issuer', { ...minimal(), issuer: undefined }, /issuer is required/],
    ['an issuer that is not a URL', { ...minimal(), issuer: 'Universidad de Guadalajara' }, /issuer must be an absolute URL or URI/],
    ['an issuer object without id', { ...minimal(), issuer: { name: 'UdeG' } }, /issuer must be a URL/],
    ['no credentialSubject', { ...minimal(), credentialSubject: undefined }, /credentialSubject is required/],
    ['an empty credentialSubject', { ...minimal(), credentialSubject: {} }, /credentialSubject/],
    ['an id with spaces', { ...minimal(), id: 'urn:uuid:not a uuid' }, /^Invalid credential: id must be an absolute URL or URI/],
    ['a relative id', { ...minimal(), id: '/credentials/1' }, /id must be an absolute URL/],
    ['validFrom without a time zone', { ...minimal(), validFrom: '2026-06-01T12:00:00' }, /validFrom must be an XML Schema dateTimeStamp/],
    ['validFrom as a bare date', { ...minimal(), validFrom: '2026-06-01' }, /validFrom must be an XML Schema dateTimeStamp/],
    ['validUntil on 30 February', { ...minimal(), validUntil: '2026-02-30T00:00:00Z' }, /validUntil must be a real date/],
    ['validUntil before validFrom', { ...minimal(), validFrom: '2026-06-01T00:00:00Z', validUntil: '2025-06-01T00:00:00Z' }, /validUntil must not be before validFrom/],
    ['a credentialStatus without type', { ...minimal(), credentialStatus: { id: 'https://avala.test/status/1#5' } }, /credentialStatus must be an object with a type/],
    ['evidence that is a string', { ...minimal(), evidence: 'trust me' }, /evidence/],
  ])('refuses %s', (_what, value, message) => refused(value, message));

  it('lists the problems in details', () => {
    try {
      assertCredentialShape({ ...minimal(), issuer: 'nope', validFrom: 'yesterday' });
      expect.unreachable();
    } catch (e) {
      expect((e as { details: { problems: Array<{ path: string }> } }).details.problems.map((p) => p.path)).toEqual(['issuer', 'validFrom']);
    }
  });
});
