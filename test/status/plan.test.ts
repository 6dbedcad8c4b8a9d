import { describe, expect, it } from 'vitest';
import {
  checkLink,
  familyRoot,
  planInheritance,
  planStatusChange,
  renewalChain,
  replacesPublished,
  type ChangeAsk,
  type EntryRow,
  type FamilyRows,
  type MemberRow,
  type RenewalRow,
  type StatusAction,
  type StoredState,
} from '../../src/status/index.js';
import { errorCodeOf as codeOf } from '../helpers/expect.js';

const AT = '2026-06-01T10:00:00.000Z';

function entries(n: number, rev = 'rev-1', sus = 'sus-1', version = 4): EntryRow[] {
  return [
    { listId: rev, index: n, purpose: 'revocation', listVersion: version },
    { listId: sus, index: n, purpose: 'suspension', listVersion: version },
  ];
}

const member = (id: string, state: StoredState, n: number, rev?: string, sus?: string): MemberRow => ({ id, state, entries: entries(n, rev, sus) });

function ask(action: StatusAction, input: ChangeAsk['input'] = action === 'revoke' ? { reason: 'fraud' } : {}): ChangeAsk {
  return { action, input, at: AT, actor: 'staff-7', record: (o) => ({ action: `credential.${action}`, actor: 'staff-7', subject: 'cert', details: { ...o } }) };
}

function alone(state: StoredState): FamilyRows {
  return { credentialId: 'cert', own: state, members: [member('cert', state, 10)] };
}

describe('the status change plan: every transition', () => {
  const allowed: Array<[StoredState, StatusAction, StoredState, { revocation: boolean; suspension: boolean }]> = [
    ['active', 'suspend', 'suspended', { revocation: false, suspension: true }],
    ['active', 'revoke', 'revoked', { revocation: true, suspension: false }],
    ['suspended', 'reinstate', 'active', { revocation: false, suspension: false }],
    ['suspended', 'revoke', 'revoked', { revocation: true, suspension: false }],
  ];
  for (const [from, action, to, bits] of allowed) {
    it(`plans ${from} --${action}--> ${to}: one status row, one history event, the bits that change and one bump per list`, () => {
      const reason = action === 'revoke' ? 'fraud' : null;
      const plan = planStatusChange(alone(from), ask(action));
      const before = { revocation: from === 'revoked', suspension: from === 'suspended' };
      const flips = (['revocation', 'suspension'] as const).filter((p) => before[p] !== bits[p]);
      const lists = flips.map((p) => ({ listId: p === 'revocation' ? 'rev-1' : 'sus-1', version: 5 }));
      expect(plan).toEqual({
        change: { from, to, reason, note: null },
        changed: ['cert'],
        statuses: [{ credentialId: 'cert', state: to, reason, note: null, at: AT, actor: 'staff-7' }],
        events: [{ credentialId: 'cert', at: AT, action, from, to, reason, note: null, actor: 'staff-7' }],
        bits: flips.map((p) => ({ listId: p === 'revocation' ? 'rev-1' : 'sus-1', index: 10, bit: bits[p] })),
        bumps: lists,
        lists,
        audit: [{ action: `credential.${action}`, actor: 'staff-7', subject: 'cert', details: { change: { from, to, reason, note: null }, changed: ['cert'], lists } }],
      });
    });
  }

  const refused: Array<[StoredState, StatusAction]> = [
    ['active', 'reinstate'],
    ['suspended', 'suspend'],
    ['revoked', 'reinstate'],
    ['revoked', 'suspend'],
    ['revoked', 'revoke'],
  ];
  for (const [from, action] of refused) {
    it(`refuses ${from} --${action}--> with ERR_INVALID_TRANSITION and plans nothing`, () => {
      expect(codeOf(() => planStatusChange(alone(from), ask(action)))).toBe('ERR_INVALID_TRANSITION');
    });
  }

  it('refuses a revocation without a reason from the fixed list, and a reason on any other action', () => {
    expect(codeOf(() => planStatusChange(alone('active'), ask('revoke', {})))).toBe('ERR_VALIDATION');
    expect(codeOf(() => planStatusChange(alone('active'), ask('revoke', { reason: 'because' })))).toBe('ERR_VALIDATION');
    expect(codeOf(() => planStatusChange(alone('active'), ask('suspend', { reason: 'fraud' })))).toBe('ERR_VALIDATION');
  });

  it('carries the tidied note into every row and event', () => {
    const plan = planStatusChange(alone('active'), ask('suspend', { note: '  under audit  ' }));
    expect(plan.statuses[0]!.note).toBe('under audit');
    expect(plan.events[0]!.note).toBe('under audit');
  });
});

describe('the status change plan: the family', () => {
  it('moves the certificate and every wallet copy together, bumping a list shared by several members once', () => {
    const rows: FamilyRows = { credentialId: 'copy-1', own: 'active', members: [member('cert', 'active', 1), member('copy-1', 'active', 2), member('copy-2', 'active', 3, 'rev-2', 'sus-2')] };
    const plan = planStatusChange(rows, ask('suspend'));
    expect(plan.changed).toEqual(['cert', 'copy-1', 'copy-2']);
    expect(plan.bits).toEqual([
      { listId: 'sus-1', index: 1, bit: true },
      { listId: 'sus-1', index: 2, bit: true },
      { listId: 'sus-2', index: 3, bit: true },
    ]);
    expect(plan.bumps).toEqual([
      { listId: 'sus-1', version: 5 },
      { listId: 'sus-2', version: 5 },
    ]);
  });

  it('leaves a revoked member revoked when the family is suspended or reinstated', () => {
    const rows: FamilyRows = { credentialId: 'cert', own: 'suspended', members: [member('cert', 'suspended', 1), member('copy-1', 'revoked', 2)] };
    const plan = planStatusChange(rows, ask('reinstate'));
    expect(plan.changed).toEqual(['cert']);
    expect(plan.statuses.map((s) => s.credentialId)).toEqual(['cert']);
    expect(plan.events).toEqual([{ credentialId: 'cert', at: AT, action: 'reinstate', from: 'suspended', to: 'active', reason: null, note: null, actor: 'staff-7' }]);
  });

  it('skips a member already in the target state, and records each other member’s own from-state', () => {
    const rows: FamilyRows = { credentialId: 'cert', own: 'active', members: [member('cert', 'active', 1), member('copy-1', 'suspended', 2)] };
    const plan = planStatusChange(rows, ask('revoke'));
    expect(plan.events.map((e) => [e.credentialId, e.from, e.to, e.action])).toEqual([
      ['cert', 'active', 'revoked', 'revoke'],
      ['copy-1', 'suspended', 'revoked', 'revoke'],
    ]);
    // copy-1 leaves suspension: its suspension bit clears as its revocation bit sets.
    expect(plan.bits).toEqual([
      { listId: 'rev-1', index: 1, bit: true },
      { listId: 'rev-1', index: 2, bit: true },
      { listId: 'sus-1', index: 2, bit: false },
    ]);
    const noop = planStatusChange({ credentialId: 'cert', own: 'active', members: [member('cert', 'active', 1), member('copy-1', 'suspended', 2)] }, ask('suspend'));
    expect(noop.changed).toEqual(['cert']);
  });

  it('decides the transition from the credential’s own state, not its family’s', () => {
    const rows: FamilyRows = { credentialId: 'copy-1', own: 'revoked', members: [member('cert', 'active', 1), member('copy-1', 'revoked', 2)] };
    expect(codeOf(() => planStatusChange(rows, ask('suspend')))).toBe('ERR_INVALID_TRANSITION');
  });

  it('has a wallet copy stored under a revoked or suspended certificate inherit its state, reason, time and actor', () => {
    const parent = { state: 'revoked' as const, reason: 'fraud' as const, note: 'forged signature', changedAt: '2026-05-01T00:00:00.000Z', changedBy: 'authority' };
    expect(planInheritance({ credentialId: 'copy-1', parentId: 'cert', parent, entries: entries(7) })).toEqual({
      statuses: [{ credentialId: 'copy-1', state: 'revoked', reason: 'fraud', note: 'inherited from cert: forged signature', at: parent.changedAt, actor: 'authority' }],
      events: [{ credentialId: 'copy-1', at: parent.changedAt, action: 'revoke', from: 'active', to: 'revoked', reason: 'fraud', note: 'inherited from cert: forged signature', actor: 'authority' }],
      bits: [{ listId: 'rev-1', index: 7, bit: true }],
      bumps: [{ listId: 'rev-1', version: 5 }],
    });
    const suspended = planInheritance({ credentialId: 'copy-1', parentId: 'cert', parent: { ...parent, state: 'suspended', reason: null, note: null }, entries: entries(7) });
    expect(suspended.events).toEqual([{ credentialId: 'copy-1', at: parent.changedAt, action: 'suspend', from: 'active', to: 'suspended', reason: null, note: 'inherited from cert', actor: 'authority' }]);
    expect(suspended.bits).toEqual([{ listId: 'sus-1', index: 7, bit: true }]);
  });

  it('plans nothing for a certificate, or a copy of a certificate that is active or has no status row', () => {
    const nothing = { statuses: [], events: [], bits: [], bumps: [] };
    const active = { state: 'active' as const, reason: null, note: null, changedAt: AT, changedBy: 'authority' };
    expect(planInheritance({ credentialId: 'cert', parentId: null, parent: null, entries: entries(7) })).toEqual(nothing);
    expect(planInheritance({ credentialId: 'copy-1', parentId: 'cert', parent: null, entries: entries(7) })).toEqual(nothing);
    expect(planInheritance({ credentialId: 'copy-1', parentId: 'cert', parent: active, entries: entries(7) })).toEqual(nothing);
  });
});

describe('the renewal-chain walk', () => {
  // v1 ← v2 ← v3 (v3 renews v2, which renews v1), and v2b, a second renewal of v1. copy-3 is a wallet copy of v3.
  const renews: Record<string, string | null> = { v1: null, v2: 'v1', v2b: 'v1', v3: 'v2' };
  const state: Record<string, StoredState> = { v1: 'active', v2: 'active', v2b: 'revoked', v3: 'active' };
  const order = ['v1', 'v2', 'v2b', 'v3'];
  const reads = {
    renewsOf: (id: string) => renews[id] ?? null,
    renewalsOf: (id: string): RenewalRow[] => order.filter((c) => renews[c] === id).map((c) => ({ id: c, state: state[c]!, renewsId: id })),
  };
  const parents: Record<string, string | null> = { 'copy-3': 'v3', 'copy-of-copy': 'copy-3' };
  const parentOf = (id: string) => parents[id] ?? null;

  it('finds the certificate of a wallet copy, and a certificate is its own', () => {
    expect(familyRoot('copy-3', parentOf)).toBe('v3');
    expect(familyRoot('copy-of-copy', parentOf)).toBe('v3');
    expect(familyRoot('v3', parentOf)).toBe('v3');
  });

  it('walks back nearest first and forward breadth first, in issue order, with each renewal’s state', () => {
    expect(renewalChain('v1', reads)).toEqual({
      renews: [],
      renewedBy: [
        { id: 'v2', state: 'active', renewsId: 'v1' },
        { id: 'v2b', state: 'revoked', renewsId: 'v1' },
        { id: 'v3', state: 'active', renewsId: 'v2' },
      ],
    });
    expect(renewalChain('v2', reads)).toEqual({ renews: ['v1'], renewedBy: [{ id: 'v3', state: 'active', renewsId: 'v2' }] });
    expect(renewalChain('v3', reads)).toEqual({ renews: ['v2', 'v1'], renewedBy: [] });
  });

  it('ends on a corrupt cycle in either direction', () => {
    const cyclic = { a: 'b', b: 'a' } as Record<string, string>;
    const loop = {
      renewsOf: (id: string) => cyclic[id] ?? null,
      renewalsOf: (id: string): RenewalRow[] => Object.keys(cyclic).filter((c) => cyclic[c] === id).map((c) => ({ id: c, state: 'active' as const, renewsId: id })),
    };
    expect(renewalChain('a', loop)).toEqual({ renews: ['b', 'a'], renewedBy: [{ id: 'b', state: 'active', renewsId: 'a' }] });
    expect(familyRoot('x', (id) => (id === 'x' ? 'y' : 'x'))).toMatch(/^[xy]$/);
  });
});

describe('linking a reserved slot', () => {
  const cred = { id: 'cert', bodyId: 'unam' };
  const slot = { listId: 'rev-1', index: 3, list: { bodyId: 'unam', purpose: 'revocation' as const }, linkedTo: null };
  it('links an unlinked slot of the credential’s own body, of the purpose asked for or any when none is asked', () => {
    expect(() => checkLink(cred, slot, 'revocation')).not.toThrow();
    expect(() => checkLink(cred, slot, null)).not.toThrow();
  });
  it('refuses, as our own bug, another body’s slot, a slot of the other purpose, a linked slot, an unreserved slot and an unstored credential', () => {
    expect(() => checkLink(cred, { ...slot, list: { bodyId: 'ipn', purpose: 'revocation' } }, null)).toThrow(TypeError);
    expect(() => checkLink(cred, slot, 'suspension')).toThrow(TypeError);
    expect(() => checkLink(cred, { ...slot, linkedTo: 'other' }, null)).toThrow(TypeError);
    expect(() => checkLink(cred, { ...slot, list: null }, null)).toThrow(/status slot rev-1#3 was not reserved for cert's body, or is already linked/);
    expect(() => checkLink(null, slot, null)).toThrow(TypeError);
  });
});

describe('which signed list is kept', () => {
  const kept = { version: 4, validUntil: '2026-06-02T00:00:00.000Z' };
  it('keeps the newer version, or for the same version the later expiry', () => {
    expect(replacesPublished(null, kept)).toBe(true);
    expect(replacesPublished(kept, { version: 5, validUntil: '2026-06-01T00:00:00.000Z' })).toBe(true);
    expect(replacesPublished(kept, { version: 4, validUntil: '2026-06-03T00:00:00.000Z' })).toBe(true);
    expect(replacesPublished(kept, { version: 4, validUntil: kept.validUntil })).toBe(false);
    expect(replacesPublished(kept, { version: 3, validUntil: '2026-06-09T00:00:00.000Z' })).toBe(false);
  });
});
