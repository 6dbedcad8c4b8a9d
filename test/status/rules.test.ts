import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { authorize, bitFor, planChange, readState, type StatusAction, type StoredState } from '../../src/status/index.js';
import { buildStatusListCredential, credentialStatusEntries } from '../../src/vc/index.js';
import { errorCodeOf as codeOf } from '../helpers/expect.js';

describe('the status state machine', () => {
  const cases: Array<[StoredState, StatusAction, StoredState | 'ERR_INVALID_TRANSITION']> = [
    ['active', 'suspend', 'suspended'],
    ['active', 'revoke', 'revoked'],
    ['active', 'reinstate', 'ERR_INVALID_TRANSITION'],
    ['suspended', 'reinstate', 'active'],
    ['suspended', 'revoke', 'revoked'],
    ['suspended', 'suspend', 'ERR_INVALID_TRANSITION'],
    ['revoked', 'reinstate', 'ERR_INVALID_TRANSITION'],
    ['revoked', 'suspend', 'ERR_INVALID_TRANSITION'],
    ['revoked', 'revoke', 'ERR_INVALID_TRANSITION'],
  ];
  for (const [from, action, to] of cases) {
    it(`${from} --${action}--> ${to}`, () => {
      const input = action === 'revoke' ? { reason: 'fraud' } : {};
      if (to === 'ERR_INVALID_TRANSITION') expect(codeOf(() => planChange(from, action, input))).toBe(to);
      else expect(planChange(from, action, input).to).toBe(to);
    });
  }

  it('needs a reason from the fixed list to revoke, and only then', () => {
    expect(codeOf(() => planChange('active', 'revoke', {}))).toBe('ERR_VALIDATION');
    expect(codeOf(() => planChange('active', 'revoke', { reason: 'because' }))).toBe('ERR_VALIDATION');
    expect(codeOf(() => planChange('active', 'suspend', { reason: 'fraud' }))).toBe('ERR_VALIDATION');
    expect(planChange('suspended', 'revoke', { reason: 'evaluation_invalidated', note: '  centre audit 2026-05  ' })).toEqual({
      from: 'suspended',
      to: 'revoked',
      reason: 'evaluation_invalidated',
      note: 'centre audit 2026-05',
    });
  });

  it('derives the two bits from the state', () => {
    expect([bitFor('active', 'revocation'), bitFor('active', 'suspension')]).toEqual([false, false]);
    expect([bitFor('suspended', 'revocation'), bitFor('suspended', 'suspension')]).toEqual([false, true]);
    expect([bitFor('revoked', 'revocation'), bitFor('revoked', 'suspension')]).toEqual([true, false]);
  });
});

describe('the read model', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  const past = '2026-01-01T00:00:00Z';
  it('ranks revoked > suspended > superseded > expired > active', () => {
    expect(readState({ stored: 'revoked', validUntil: past, renewedByLiveCredential: true, now })).toBe('revoked');
    expect(readState({ stored: 'suspended', validUntil: past, renewedByLiveCredential: true, now })).toBe('suspended');
    expect(readState({ stored: 'active', validUntil: past, renewedByLiveCredential: true, now })).toBe('superseded');
    expect(readState({ stored: 'active', validUntil: past, renewedByLiveCredential: false, now })).toBe('expired');
    expect(readState({ stored: 'active', validUntil: null, renewedByLiveCredential: false, now })).toBe('active');
    expect(readState({ stored: 'active', validUntil: '2026-06-01T00:00:00Z', renewedByLiveCredential: false, now })).toBe('expired');
  });
});

describe('who may change a status', () => {
  const cred = { id: 'urn:uuid:1', bodyId: 'unam' };
  it('lets the authority and the issuing body’s admin or certifier change it', () => {
    expect(codeOf(() => authorize({ kind: 'admin' }, cred, 'change', cred.id))).toBeUndefined();
    expect(codeOf(() => authorize({ kind: 'staff', bodyId: 'unam', staffId: 's', roles: ['certifier'] }, cred, 'change', cred.id))).toBeUndefined();
    expect(codeOf(() => authorize({ kind: 'staff', bodyId: 'unam', staffId: 's', roles: ['admin'] }, cred, 'change', cred.id))).toBeUndefined();
  });
  it('refuses an evaluator with ERR_FORBIDDEN but lets them read', () => {
    const evaluator = { kind: 'staff' as const, bodyId: 'unam', staffId: 's', roles: ['evaluator'] };
    expect(codeOf(() => authorize(evaluator, cred, 'change', cred.id))).toBe('ERR_FORBIDDEN');
    expect(codeOf(() => authorize(evaluator, cred, 'read', cred.id))).toBeUndefined();
  });
  it('answers another body as if the credential did not exist', () => {
    const other = { kind: 'staff' as const, bodyId: 'ipn', staffId: 's', roles: ['admin'] };
    const foreign = (() => { try { authorize(other, cred, 'change', cred.id); } catch (e) { return e as AppError; } })();
    const missing = (() => { try { authorize(other, null, 'change', cred.id); } catch (e) { return e as AppError; } })();
    expect(foreign?.code).toBe('ERR_NOT_FOUND');
    expect(foreign?.message).toBe(missing?.message);
  });
});

describe('the builders', () => {
  it('builds the two credentialStatus entries', () => {
    const listUrl = 'https://avala.test/status/L1';
    expect(
      credentialStatusEntries({
        revocation: { index: 94567, listUrl, purpose: 'revocation' },
        suspension: { index: 12, listUrl: 'https://avala.test/status/L2', purpose: 'suspension' },
      }),
    ).toEqual([
      { id: 'https://avala.test/status/L1#94567', type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '94567', statusListCredential: listUrl },
      { id: 'https://avala.test/status/L2#12', type: 'BitstringStatusListEntry', statusPurpose: 'suspension', statusListIndex: '12', statusListCredential: 'https://avala.test/status/L2' },
    ]);
  });

  it('builds the unsigned status list credential', () => {
    expect(
      buildStatusListCredential({
        listUrl: 'https://avala.test/status/L1',
        issuerDid: 'did:web:avala.test:bodies:unam',
        purpose: 'suspension',
        encodedList: 'uH4sI',
        validFrom: new Date('2026-06-01T12:00:00.123Z'),
        validUntil: new Date('2026-06-02T12:00:00.123Z'),
        ttlMs: 300_000,
      }),
    ).toEqual({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: 'https://avala.test/status/L1',
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: 'did:web:avala.test:bodies:unam',
      validFrom: '2026-06-01T12:00:00Z',
      validUntil: '2026-06-02T12:00:00Z',
      credentialSubject: { id: 'https://avala.test/status/L1#list', type: 'BitstringStatusList', statusPurpose: 'suspension', encodedList: 'uH4sI', ttl: 300_000 },
    });
  });
});
