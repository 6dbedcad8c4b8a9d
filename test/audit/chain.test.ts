import { describe, expect, it } from 'vitest';
import { ZERO_HASH, canonicalEntry, hashEntry, nextEntry, normaliseDetails, verifyChain, type AuditEntry, type AuditEvent } from '../../src/audit/index.js';

const T0 = Date.parse('2026-06-01T12:00:00.000Z');

function chainOf(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (let i = 0; i < n; i++) {
    const ev: AuditEvent = { action: 'status.revoked', actor: `staff-${i}`, bodyId: 'body-1', subject: `cred-${i}`, details: { reason: 'fraud', i } };
    out.push(nextEntry(out.at(-1) ?? null, ev, new Date(T0 + i * 1000)));
  }
  return out;
}

/** Rewrites an entry as an attacker with the file would: new content, hash recomputed so the entry is self-consistent. */
function forge(e: AuditEntry, patch: Partial<AuditEntry>): AuditEntry {
  const next = { ...e, ...patch };
  return { ...next, hash: hashEntry(next) };
}

describe('audit chain: hashing', () => {
  // Pinned: changing what goes into the hash would make every log already written fail verification.
  it('hashes the RFC 8785 serialisation of every field but hash (fixed vector)', () => {
    const e = nextEntry(
      null,
      { action: 'credential.issued', actor: 'staff-1', bodyId: 'body-1', subject: 'urn:uuid:00000000-0000-4000-8000-000000000001', requestId: 'req-1', details: { version: 1, standard: 'EC0217' } },
      new Date(T0),
    );
    expect(canonicalEntry(e)).toBe(
      '{"action":"credential.issued","actor":"staff-1","at":"2026-06-01T12:00:00.000Z","bodyId":"body-1","details":{"standard":"EC0217","version":1},' +
        '"outcome":"ok","prevHash":"0000000000000000000000000000000000000000000000000000000000000000","requestId":"req-1","seq":1,' +
        '"subject":"urn:uuid:00000000-0000-4000-8000-000000000001"}',
    );
    expect(e).toEqual({
      seq: 1,
      at: '2026-06-01T12:00:00.000Z',
      action: 'credential.issued',
      actor: 'staff-1',
      bodyId: 'body-1',
      subject: 'urn:uuid:00000000-0000-4000-8000-000000000001',
      requestId: 'req-1',
      outcome: 'ok',
      details: { standard: 'EC0217', version: 1 },
      prevHash: ZERO_HASH,
      hash: 'fccca156cac3184e1f1f03508cb6be8c3fdf1aebf19427616c316984165dd1d5',
    });
  });

  it('links each entry to the hash of the one before, starting from 64 zeros', () => {
    const [a, b, c] = chainOf(3);
    expect(a!.prevHash).toBe('0'.repeat(64));
    expect(b!.prevHash).toBe(a!.hash);
    expect(c!.prevHash).toBe(b!.hash);
    expect([a!.seq, b!.seq, c!.seq]).toEqual([1, 2, 3]);
  });

  it('defaults the outcome to ok and absent ids to null', () => {
    const e = nextEntry(null, { action: 'key.rotated', actor: 'authority', subject: 'did:web:avala.test#key-2' }, new Date(T0));
    expect(e).toMatchObject({ outcome: 'ok', bodyId: null, requestId: null, details: {} });
  });

  it('stores details as plain JSON, so what append returns is what is read back', () => {
    expect(normaliseDetails({ a: undefined, b: new Date(T0), c: [1, undefined], 'x\uD800': 'lone\uDC00' })).toEqual({
      b: '2026-06-01T12:00:00.000Z',
      c: [1, null],
      'x\uFFFD': 'lone\uFFFD',
    });
  });

  it('bounds what a client may have influenced instead of refusing to log it', () => {
    const e = nextEntry(null, { action: 'auth.denied', actor: 'anonymous', subject: '/x', requestId: 'r'.repeat(5000), details: { header: 'h'.repeat(20_000) } }, new Date(T0));
    expect(e.requestId!.length).toBeLessThan(1100);
    expect(e.requestId).toMatch(/…\[truncated 3976 chars\]$/);
    expect(e.details).toMatchObject({ truncated: true, chars: 20_013 });
  });

  it('treats a malformed action, empty actor or unknown outcome as our bug (TypeError)', () => {
    const ok: AuditEvent = { action: 'status.revoked', actor: 'a', subject: 's' };
    expect(() => nextEntry(null, { ...ok, action: 'Status Revoked' }, new Date(T0))).toThrow(TypeError);
    expect(() => nextEntry(null, { ...ok, actor: '' }, new Date(T0))).toThrow(TypeError);
    expect(() => nextEntry(null, { ...ok, outcome: 'maybe' as never }, new Date(T0))).toThrow(TypeError);
  });
});

describe('audit chain: verifyChain', () => {
  it('verifies an intact chain and reports its head', () => {
    const chain = chainOf(5);
    expect(verifyChain(chain)).toEqual({ ok: true, count: 5, head: { seq: 5, hash: chain[4]!.hash } });
  });

  it('verifies an empty log', () => {
    expect(verifyChain([])).toEqual({ ok: true, count: 0, head: null });
  });

  it('names an entry whose content was edited', () => {
    const chain = chainOf(5);
    chain[2] = { ...chain[2]!, details: { reason: 'clerical error', i: 2 } };
    expect(verifyChain(chain)).toEqual({ ok: false, count: 2, firstBroken: 3, reason: 'HASH_MISMATCH', message: 'entry 3 was altered after it was written' });
  });

  it('names the first missing entry when one was deleted', () => {
    const chain = chainOf(5);
    chain.splice(1, 1);
    expect(verifyChain(chain)).toMatchObject({ ok: false, count: 1, firstBroken: 2, reason: 'SEQ_GAP' });
  });

  it('detects a deleted first entry', () => {
    expect(verifyChain(chainOf(3).slice(1))).toMatchObject({ ok: false, count: 0, firstBroken: 1, reason: 'SEQ_GAP' });
  });

  it('detects reordered entries', () => {
    const [a, b, c, d] = chainOf(4);
    expect(verifyChain([a!, c!, b!, d!])).toMatchObject({ ok: false, count: 1, firstBroken: 2, reason: 'SEQ_GAP' });
    expect(verifyChain([a!, b!, b!, c!])).toMatchObject({ ok: false, count: 2, firstBroken: 3, reason: 'SEQ_OUT_OF_ORDER' });
  });

  it('detects entries renumbered to hide a swap', () => {
    const [a, b, c] = chainOf(3);
    // The attacker swaps 2 and 3 and fixes their seq so the numbers still run 1, 2, 3.
    expect(verifyChain([a!, { ...c!, seq: 2 }, { ...b!, seq: 3 }])).toMatchObject({ ok: false, firstBroken: 2, reason: 'PREV_HASH_MISMATCH' });
  });

  it('detects a wrong prevHash, including on the first entry', () => {
    const chain = chainOf(3);
    expect(verifyChain([chain[0]!, forge(chain[1]!, { prevHash: 'f'.repeat(64) }), chain[2]!])).toMatchObject({ ok: false, firstBroken: 2, reason: 'PREV_HASH_MISMATCH' });
    expect(verifyChain([forge(chain[0]!, { prevHash: '1'.repeat(64) })])).toMatchObject({ ok: false, count: 0, firstBroken: 1, reason: 'PREV_HASH_MISMATCH' });
  });

  it('catches an entry rewritten with a fresh hash at the next link', () => {
    const chain = chainOf(4);
    chain[1] = forge(chain[1]!, { actor: 'someone-else' });
    expect(verifyChain(chain)).toMatchObject({ ok: false, count: 2, firstBroken: 3, reason: 'PREV_HASH_MISMATCH' });
  });

  it('reports a malformed entry by position rather than throwing', () => {
    const chain = chainOf(3);
    chain[1] = { ...chain[1]!, details: null as never };
    expect(verifyChain(chain)).toMatchObject({ ok: false, count: 1, firstBroken: 2, reason: 'MALFORMED_ENTRY' });
  });

  it('catches a truncated or rewritten tail only against an anchor kept elsewhere', () => {
    const chain = chainOf(5);
    const anchor = { seq: 5, hash: chain[4]!.hash };
    expect(verifyChain(chain.slice(0, 3))).toMatchObject({ ok: true, count: 3 });
    expect(verifyChain(chain.slice(0, 3), { anchor })).toMatchObject({ ok: false, count: 3, firstBroken: 4, reason: 'ANCHOR_MISMATCH' });
    // A whole tail rebuilt from entry 4 is self-consistent; only the anchor shows it.
    const rebuilt = [...chain.slice(0, 3)];
    for (const i of [3, 4]) rebuilt.push(nextEntry(rebuilt.at(-1)!, { action: 'status.revoked', actor: 'x', subject: `forged-${i}` }, new Date(T0)));
    expect(verifyChain(rebuilt)).toMatchObject({ ok: true, count: 5 });
    expect(verifyChain(rebuilt, { anchor })).toMatchObject({ ok: false, count: 4, firstBroken: 5, reason: 'ANCHOR_MISMATCH' });
    expect(verifyChain(chain, { anchor })).toMatchObject({ ok: true, count: 5 });
  });

  it('resumes from a checkpoint head', () => {
    const chain = chainOf(6);
    expect(verifyChain(chain.slice(3), { from: { seq: 3, hash: chain[2]!.hash } })).toEqual({ ok: true, count: 3, head: { seq: 6, hash: chain[5]!.hash } });
    expect(verifyChain(chain.slice(3), { from: { seq: 3, hash: ZERO_HASH } })).toMatchObject({ ok: false, firstBroken: 4, reason: 'PREV_HASH_MISMATCH' });
  });
});
