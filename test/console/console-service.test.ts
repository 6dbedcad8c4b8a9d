/**
 * The console's accounts and sign-in over the real services (SQLite file, the registry's demo staff): set-password
 * links, argon2id passwords, sessions that rotate at sign-in, the lockout, and the registry's word on staff.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compose, seedDemoIfEmpty, type Services } from '../../src/compose.js';
import { LOCKOUT, lockoutWait } from '../../src/console/index.js';
import { tempDir, testClock, testConfig } from '../helpers/config.js';

const PASSWORD = 'correct horse battery staple';
let s: Services;
const clock = testClock();

beforeAll(async () => {
  s = await compose(testConfig(tempDir()), { clock, signingWorkers: 0 });
  await seedDemoIfEmpty(s, clock);
});
afterAll(async () => s?.close());

const tokenOf = (url: string) => new URL(url).searchParams.get('token')!;

async function staffWithRoles(roles: string) {
  const bodies = await s.registry.listBodies();
  const body = bodies.find((b) => b.slug === 'cecati-42')!;
  return (await s.registry.listStaff(body.id)).find((x) => x.roles.join(',') === roles)!;
}

describe('lockout rule', () => {
  it('locks a pair out at the fifth failure in fifteen minutes, until the oldest of them leaves the window', () => {
    const now = new Date('2026-06-01T12:00:00Z');
    const at = (minAgo: number) => new Date(now.getTime() - minAgo * 60_000).toISOString();
    expect(lockoutWait([at(10), at(8), at(6), at(4)], now)).toBeNull();
    expect(lockoutWait([at(10), at(8), at(6), at(4), at(1)], now)).toBe(5 * 60);
    expect(lockoutWait([at(16), at(8), at(6), at(4), at(1)], now)).toBeNull();
    expect(LOCKOUT).toEqual({ failures: 5, windowMs: 900_000 });
  });
});

describe('console accounts', () => {
  it('signs a staff member in only after they set a password from their one-time link, and spends the link', async () => {
    const evaluator = await staffWithRoles('evaluator');
    const account = await s.console.staffAccount(evaluator.id, 'Evaluadora@Example.MX');
    expect(account).toMatchObject({ id: evaluator.id, kind: 'staff', staffId: evaluator.id, email: 'evaluadora@example.mx', passwordHash: null, state: 'active' });
    await expect(s.console.signIn({ email: account.email, password: PASSWORD, ip: '10.0.0.1' })).rejects.toMatchObject({ code: 'ERR_UNAUTHENTICATED' });

    const link = await s.console.passwordLink(account.id);
    expect(link.url).toMatch(/^https:\/\/avala\.test\/console\/set-password\?token=[A-Za-z0-9_-]{43}$/);
    // Stored hashed: the token itself is nowhere in the database.
    expect(s.db.prepare('SELECT count(*) FROM console_password_tokens WHERE token_hash = ?').pluck().get(tokenOf(link.url))).toBe(0);
    await expect(s.console.setPassword(tokenOf(link.url), 'short', 'short')).rejects.toMatchObject({ code: 'ERR_VALIDATION', details: { field: 'password', reason: 'too-short' } });
    await expect(s.console.setPassword(tokenOf(link.url), PASSWORD, `${PASSWORD}!`)).rejects.toMatchObject({ code: 'ERR_VALIDATION', details: { field: 'confirmation' } });
    const set = await s.console.setPassword(tokenOf(link.url), PASSWORD, PASSWORD);
    expect(set.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await expect(s.console.setPassword(tokenOf(link.url), PASSWORD, PASSWORD)).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });

    const signed = await s.console.signIn({ email: ' EVALUADORA@example.mx ', password: PASSWORD, ip: '10.0.0.1' });
    expect(signed.session.principal).toMatchObject({ kind: 'staff', staffId: evaluator.id, roles: ['evaluator'], bodySlug: 'cecati-42' });
    expect(await s.console.session(signed.sessionSecret)).toMatchObject({ csrfToken: signed.session.csrfToken });
  });

  it('refuses a link past its 72 hours', async () => {
    const certifier = await staffWithRoles('certifier');
    const account = await s.console.staffAccount(certifier.id, 'certificador@example.mx');
    const link = await s.console.passwordLink(account.id);
    clock.advance(72 * 3600_000 + 1000);
    try {
      await expect(s.console.passwordLinkView(tokenOf(link.url))).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
    } finally {
      clock.advance(-(72 * 3600_000 + 1000));
    }
  });

  it('starts a new session at every sign-in and ends the one the browser came with', async () => {
    const first = await s.console.signIn({ email: 'evaluadora@example.mx', password: PASSWORD, ip: '10.0.0.2' });
    const second = await s.console.signIn({ email: 'evaluadora@example.mx', password: PASSWORD, ip: '10.0.0.2', presentedSecret: first.sessionSecret });
    expect(second.sessionSecret).not.toBe(first.sessionSecret);
    expect(second.session.csrfToken).not.toBe(first.session.csrfToken);
    expect(await s.console.session(first.sessionSecret)).toBeNull();
    expect(await s.console.session(second.sessionSecret)).not.toBeNull();
    await s.console.signOut(second.sessionSecret);
    expect(await s.console.session(second.sessionSecret)).toBeNull();
  });

  it('ends a session after 30 idle minutes', async () => {
    const signed = await s.console.signIn({ email: 'evaluadora@example.mx', password: PASSWORD, ip: '10.0.0.3' });
    clock.advance(31 * 60_000);
    expect(await s.console.session(signed.sessionSecret)).toBeNull();
  });

  it('refuses the fifth failure onwards for that e-mail and address, even with the right password, and audits it', async () => {
    const ip = '10.0.0.9';
    for (let i = 0; i < LOCKOUT.failures; i++) {
      await expect(s.console.signIn({ email: 'evaluadora@example.mx', password: `wrong ${i}`, ip })).rejects.toMatchObject({ code: 'ERR_UNAUTHENTICATED' });
    }
    await expect(s.console.signIn({ email: 'evaluadora@example.mx', password: PASSWORD, ip })).rejects.toMatchObject({ code: 'ERR_RATE_LIMITED', details: { retryAfterSeconds: 900 } });
    // Another address is not locked out by these.
    await expect(s.console.signIn({ email: 'evaluadora@example.mx', password: PASSWORD, ip: '10.0.0.10' })).resolves.toBeTruthy();
    clock.advance(LOCKOUT.windowMs);
    await expect(s.console.signIn({ email: 'evaluadora@example.mx', password: PASSWORD, ip })).resolves.toBeTruthy();
    const denied = s.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'console.sign-in' AND outcome = 'denied'").pluck().get() as number;
    expect(denied).toBeGreaterThanOrEqual(LOCKOUT.failures + 1);
  });

  it('signs no one in whom the registry has disabled, and ends their sessions at once', async () => {
    const evaluator = await staffWithRoles('evaluator');
    const signed = await s.console.signIn({ email: 'evaluadora@example.mx', password: PASSWORD, ip: '10.0.0.4' });
    await s.registry.setStaffState(evaluator.id, 'disabled');
    try {
      expect(await s.console.session(signed.sessionSecret)).toBeNull();
      await expect(s.console.signIn({ email: 'evaluadora@example.mx', password: PASSWORD, ip: '10.0.0.4' })).rejects.toMatchObject({ code: 'ERR_UNAUTHENTICATED' });
    } finally {
      await s.registry.setStaffState(evaluator.id, 'active');
    }
  });

  it('keeps authority accounts apart from staff, one account per e-mail, and e-mails the link through the outbox', async () => {
    const admin = await s.console.addAuthorityAccount({ email: 'consejo@example.gob.mx', name: 'María Consejo' });
    expect(admin).toMatchObject({ kind: 'authority', staffId: null });
    await expect(s.console.addAuthorityAccount({ email: 'CONSEJO@example.gob.mx', name: 'Otra' })).rejects.toMatchObject({ code: 'ERR_CONFLICT' });
    const link = await s.console.passwordLink(admin.id);
    expect(link.emailed).toBe(true);
    const msg = s.db.prepare("SELECT recipient, text_body FROM outbox_messages WHERE kind = 'console-password-link' ORDER BY created_at DESC LIMIT 1").get() as { recipient: string; text_body: string };
    expect(msg.recipient).toBe('consejo@example.gob.mx');
    expect(msg.text_body).toContain(link.url);
  });
});
