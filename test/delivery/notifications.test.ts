import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { isoWeek, planExpiryNotices } from '../../src/delivery/notifications/index.js';
import { startTestService, type TestService } from '../helpers/harness.js';
import { startMailServer, type MailServer } from '../helpers/mail.js';
import { actor, curpFor } from '../helpers/people.js';

const DAY = 86_400_000;
let mail: MailServer;
let svc: TestService;

beforeAll(async () => {
  mail = await startMailServer();
  svc = await startTestService({ publicUrlIsOwnAddress: true, env: { AVALA_SMTP_URL: mail.url } });
  // The first scan starts the status history cursor at the present; whatever the demo data brings is sent now.
  await svc.services.notifications.runOnce();
  await svc.services.outbox.drain();
});
afterAll(async () => {
  await svc?.close();
  await mail?.close();
});

/** Scans, delivers, and returns what the SMTP server received since the last call, parsed. */
async function scanAndDeliver() {
  mail.received.length = 0;
  const planned = await svc.services.notifications.runOnce();
  await svc.services.outbox.drain();
  const messages = await Promise.all(mail.received.map(async (m) => ({ to: m.to, parsed: await simpleParser(m.raw) })));
  // The claim links of the certificates made for each test go out with them; the rest are notices.
  const notices = messages.filter((m) => !(m.parsed.subject ?? '').startsWith('Su certificado de competencia'));
  return { planned, messages: notices.map((m) => ({ to: m.to, subject: m.parsed.subject ?? '', text: m.parsed.text ?? '' })) };
}

let next = 9000;
async function certificate(email: string | null) {
  const n = next++;
  const e = await svc.services.issuance.recordEvaluation(actor(svc, 'cecati-42', 'evaluator'), {
    candidate: { name: `Trabajador ${n}`, curp: curpFor(n), email },
    standard: { code: 'EC0217' },
    centre: 'Centro',
    evaluatedOn: new Date(svc.clock().getTime() - 2 * DAY).toISOString().slice(0, 10),
    result: 'competent',
  });
  return (await svc.services.issuance.certify(actor(svc, 'cecati-42', 'certifier'), e.id)).credential;
}

describe('notifications through the outbox', () => {
  it("tells the worker once when their certificate is revoked, with the reason in plain words and how to contest it", async () => {
    const c = await certificate('revocada@correo.example');
    await certificate(null); // no address: no one to tell
    await svc.services.status.change(c.id, 'revoke', { reason: 'issued_in_error' }, { kind: 'admin' });
    const { planned, messages } = await scanAndDeliver();
    expect(planned.status).toBe(1);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.to).toEqual(['revocada@correo.example']);
    expect(messages[0]!.subject).toContain('revocado');
    expect(messages[0]!.text).toContain('se emitió por error');
    expect(messages[0]!.text).toContain('it was issued in error');
    expect(messages[0]!.text).toMatch(/inconformidad/);
    expect(messages[0]!.text).toMatch(/NO VÁLIDO/);
    // Scanned again (a restart, a second server): nothing new.
    expect((await scanAndDeliver()).messages).toHaveLength(0);
  });

  it('tells a suspended worker, and again when the suspension is lifted', async () => {
    const c = await certificate('suspendida@correo.example');
    await svc.services.status.change(c.id, 'suspend', {}, { kind: 'admin' });
    await svc.services.status.change(c.id, 'reinstate', {}, { kind: 'admin' });
    const { messages } = await scanAndDeliver();
    expect(messages.map((m) => m.subject)).toEqual([expect.stringContaining('suspendido'), expect.stringContaining('válido de nuevo')]);
    expect(messages[1]!.text).not.toMatch(/inconformidad/);
  });

  it('sends each notice once when two scans run at the same time', async () => {
    const c = await certificate('dos-a-la-vez@correo.example');
    await svc.services.status.change(c.id, 'revoke', { reason: 'fraud' }, { kind: 'admin' });
    await svc.services.outbox.drain(); // its claim link
    mail.received.length = 0;
    const [a, b] = await Promise.all([svc.services.notifications.runOnce(), svc.services.notifications.runOnce()]);
    expect(a.status + b.status).toBe(1);
    await svc.services.outbox.drain();
    expect(mail.received.filter((m) => m.to.includes('dos-a-la-vez@correo.example'))).toHaveLength(1);
  });

  it('warns the worker 90 and then 30 days before expiry, each once, and tells body admins weekly what is due', async () => {
    const { staff } = await svc.services.registry.addStaff({ bodyId: actor(svc, 'cecati-42', 'admin').bodyId, name: 'Directora', email: 'directora@cecati.example', roles: ['admin'] });
    expect(staff.id).toBeTruthy();
    const c = await certificate('vence@correo.example');
    const until = Date.parse(c.validUntil!);
    // 100 days before: nothing yet (the weekly list looks 90 days ahead).
    svc.clock.advance(until - 100 * DAY - svc.clock().getTime());
    expect((await scanAndDeliver()).messages.filter((m) => m.to.includes('vence@correo.example'))).toHaveLength(0);

    svc.clock.advance(15 * DAY); // 85 days before
    let r = await scanAndDeliver();
    const mine = r.messages.filter((m) => m.to.includes('vence@correo.example'));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.text).toMatch(/en 85 días/);
    expect(mine[0]!.text).toMatch(/in 85 days/);
    const digest = r.messages.filter((m) => m.to.includes('directora@cecati.example'));
    expect(digest).toHaveLength(1);
    expect(digest[0]!.text).toContain(c.holderName!);

    r = await scanAndDeliver(); // same day, same week
    expect(r.messages).toHaveLength(0);

    svc.clock.advance(7 * DAY); // the next week: a new list, no new warning to the worker
    r = await scanAndDeliver();
    expect(r.messages.filter((m) => m.to.includes('directora@cecati.example'))).toHaveLength(1);
    expect(r.messages.filter((m) => m.to.includes('vence@correo.example'))).toHaveLength(0);

    svc.clock.advance(50 * DAY); // 28 days before
    r = await scanAndDeliver();
    expect(r.messages.filter((m) => m.to.includes('vence@correo.example')).map((m) => m.text)).toEqual([expect.stringMatching(/en 28 días/)]);
    expect((await scanAndDeliver()).messages.filter((m) => m.to.includes('vence@correo.example'))).toHaveLength(0);
  });
});

describe('notification rules', () => {
  it('plans only the nearest notice, and none for a certificate already expired', () => {
    const now = new Date('2026-12-01T00:00:00Z');
    const base = { holderName: 'A', email: 'a@x.example', bodyName: 'B', standardCode: 'EC0217', standardTitle: 'T' };
    const notices = planExpiryNotices(
      [
        { ...base, credentialId: 'in-10', validUntil: '2026-12-11T00:00:00Z' },
        { ...base, credentialId: 'in-60', validUntil: '2027-01-30T00:00:00Z' },
        { ...base, credentialId: 'gone', validUntil: '2026-11-30T00:00:00Z' },
      ],
      now,
    );
    expect(notices.map((n) => n.dedupKey)).toEqual(['expiry-30:in-10', 'expiry-90:in-60']);
  });

  it('names ISO weeks as ISO 8601 does, across a year end', () => {
    expect(isoWeek(new Date('2026-12-03T12:00:00Z'))).toBe('2026-W49');
    expect(isoWeek(new Date('2027-01-01T00:00:00Z'))).toBe('2026-W53');
    expect(isoWeek(new Date('2024-12-30T00:00:00Z'))).toBe('2025-W01');
  });

  it('can be switched off, by kind or altogether', () => {
    const env = { AVALA_DB: '/tmp/x.db' };
    expect(loadConfig(env).notifications).toEqual(['expiry', 'status', 'renewals']);
    expect(loadConfig({ ...env, AVALA_NOTIFICATIONS: 'status' }).notifications).toEqual(['status']);
    expect(loadConfig({ ...env, AVALA_NOTIFICATIONS: 'none' }).notifications).toEqual([]);
    expect(() => loadConfig({ ...env, AVALA_NOTIFICATIONS: 'sms' })).toThrow(/AVALA_NOTIFICATIONS/);
  });
});
