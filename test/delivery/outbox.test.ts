import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/harness.js';
import { BATCH_COLUMNS } from '../../src/issuance/index.js';
import { actor, curpFor } from '../helpers/people.js';
import { startMailServer, unfold } from '../helpers/mail.js';

const claimUrlsIn = (raw: string) => [...new Set(unfold(raw).match(/https?:\/\/[^\s"<>]+\/claim\/[A-Za-z0-9_-]{43}/g) ?? [])];
const messageIdOf = (raw: string) => /^Message-ID:\s*(<[^>]+>)/im.exec(raw)?.[1];

let mail: Awaited<ReturnType<typeof startMailServer>>;
let svc: TestService;

beforeAll(async () => {
  mail = await startMailServer();
  svc = await startTestService({ publicUrlIsOwnAddress: true, env: { AVALA_SMTP_URL: mail.url } });
});
afterAll(async () => {
  await svc?.close();
  await mail?.close();
});
afterEach(() => {
  mail.received.length = 0;
});

let next = 500;
async function certifyWithEmail(count: number, email: (i: number) => string | null) {
  const evaluator = actor(svc, 'cecati-42', 'evaluator');
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = next++;
    const e = await svc.services.issuance.recordEvaluation(evaluator, {
      candidate: { name: `Trabajadora ${n}`, curp: curpFor(n), email: email(i) },
      standard: { code: 'EC0217' },
      centre: 'Centro',
      evaluatedOn: '2026-05-20',
      result: 'competent',
    });
    ids.push(e.id);
  }
  return svc.services.issuance.certifyMany(actor(svc, 'cecati-42', 'certifier'), await Promise.all(ids.map((id) => svc.services.issuance.getEvaluation(evaluator, id))), { skipCertified: false });
}

const outboxRows = () => svc.services.db.prepare('SELECT state, attempts, text_body, html_body, recipient FROM outbox_messages').all() as Array<Record<string, unknown>>;

describe('the outbox: a claim link by e-mail for every certificate whose evaluation has an address', () => {
  it('commits one message per certificate with an address, and delivers each once over SMTP with a working claim link', async () => {
    const before = outboxRows().length;
    const issued = await certifyWithEmail(30, (i) => (i % 3 === 2 ? null : `trabajador${i}@correo.example`));
    // Committed with the credentials, before anything is sent.
    expect(outboxRows().length - before).toBe(20);
    expect(mail.received).toHaveLength(0);

    expect(await svc.services.outbox.drain()).toEqual({ sent: 20, retried: 0, failed: 0 });
    expect(mail.received).toHaveLength(20);
    expect(new Set(mail.received.map((m) => messageIdOf(m.raw))).size).toBe(20);
    const withAddress = issued.filter((_, i) => i % 3 !== 2);
    const urls = mail.received.flatMap((m) => claimUrlsIn(m.raw));
    expect(urls.sort()).toEqual(withAddress.map((c) => c.claimUrl).sort());
    for (const m of mail.received) {
      expect(m.raw).toMatch(/^Subject: .*EC0217/m);
      expect(m.raw).toContain('multipart/alternative');
    }
    // The link in the message opens the worker's certificate.
    const one = mail.received[0]!;
    const url = claimUrlsIn(one.raw)[0]!;
    const r = await fetch(url, { headers: { accept: 'application/json' } });
    expect(r.status).toBe(200);
    // Delivered rows keep no claim link; nothing is sent twice on the next round.
    expect(outboxRows().filter((row) => row.state === 'sent' && (row.text_body !== null || row.html_body !== null))).toEqual([]);
    expect(await svc.services.outbox.drain()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(mail.received).toHaveLength(20);
  });

  it('retries with back-off when the server refuses for now, and delivers later', async () => {
    await certifyWithEmail(2, (i) => `reintento${i}@correo.example`);
    mail.refuse(2);
    expect(await svc.services.outbox.drain()).toEqual({ sent: 0, retried: 2, failed: 0 });
    expect(mail.received).toHaveLength(0);
    // Not due yet: the back-off holds them.
    expect(await svc.services.outbox.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
    svc.clock.advance(31_000);
    expect(await svc.services.outbox.drain()).toEqual({ sent: 2, retried: 0, failed: 0 });
    expect(mail.received.map((m) => m.to[0]).sort()).toEqual(['reintento0@correo.example', 'reintento1@correo.example']);
    expect(outboxRows().filter((row) => String(row.recipient).startsWith('reintento')).map((row) => row.attempts)).toEqual([2, 2]);
  });
});

describe('a sender killed mid-run', () => {
  it('loses no message: kill -9 `avala outbox send` while it delivers, run it again, every message arrives', async () => {
    const issued = await certifyWithEmail(60, (i) => `muerte${i}@correo.example`);
    mail.slow(40);
    const c = svc.services.config;
    const env = { ...process.env, NODE_ENV: 'test', AVALA_DB: c.dbPath, AVALA_KEYS_DIR: c.keysDir, AVALA_MASTER_KEY: c.masterKey, AVALA_PUBLIC_URL: c.publicUrl, AVALA_SMTP_URL: mail.url, AVALA_OUTBOX_LEASE_SECONDS: '1' };
    const send = () => spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'outbox', 'send'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const exit = (child: ReturnType<typeof send>) => new Promise<{ code: number | null; signal: string | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));

    const first = send();
    const firstExit = exit(first);
    while (mail.received.length < 15) await new Promise((r) => setTimeout(r, 20));
    first.kill('SIGKILL');
    expect(await firstExit).toEqual({ code: null, signal: 'SIGKILL' });
    const beforeRerun = mail.received.length;
    expect(beforeRerun).toBeLessThan(60);

    // Past the killed sender's lease, a new one takes what it held.
    await new Promise((r) => setTimeout(r, 1100));
    const second = send();
    let out = '';
    second.stdout!.on('data', (d: Buffer) => (out += d));
    expect(await exit(second)).toEqual({ code: 0, signal: null });
    expect(out).toMatch(/^sent \d+, to retry 0, given up 0/);

    const ids = mail.received.map((m) => messageIdOf(m.raw));
    const duplicates = ids.length - new Set(ids).size;
    // At least once: the one message whose acceptance the kill may have cut off can come twice, never more.
    expect({ distinct: new Set(ids).size, duplicatesAtMostOne: duplicates <= 1 }).toEqual({ distinct: 60, duplicatesAtMostOne: true });
    expect([...new Set(mail.received.flatMap((m) => claimUrlsIn(m.raw)))].sort()).toEqual(issued.map((x) => x.claimUrl).sort());
    expect(outboxRows().filter((r) => String(r.recipient).startsWith('muerte') && r.state !== 'sent')).toEqual([]);
    mail.slow(0);
  }, 60_000);
});

describe('a 500-row batch with e-mail addresses', () => {
  it('reaches all 500 workers exactly once each, with working claim links, although the sender is killed midway', async () => {
    const rows = [BATCH_COLUMNS.join(',')];
    for (let i = 0; i < 500; i++) {
      const row: Record<string, string> = { external_id: `lote500-${i}`, candidate_name: `Persona ${i}`, curp: curpFor(40_000 + i), email: `lote${i}@correo.example`, standard_code: 'EC0217', centre: 'Centro', evaluated_on: '2026-05-18', result: 'competent' };
      rows.push(BATCH_COLUMNS.map((c) => row[c] ?? '').join(','));
    }
    const up = await fetch(`${svc.url}/batches?name=lote-500`, { method: 'POST', headers: { authorization: `Bearer ${svc.staffKey('cecati-42', 'evaluator')}`, 'content-type': 'text/csv' }, body: `${rows.join('\n')}\n` });
    expect(up.status).toBe(201);
    const batchId = ((await up.json()) as { batch: { id: string } }).batch.id;
    const certified = await fetch(`${svc.url}/batches/${batchId}/certify`, { method: 'POST', headers: { authorization: `Bearer ${svc.staffKey('cecati-42', 'certifier')}`, 'content-type': 'application/json' }, body: '{}' });
    const out = (await certified.json()) as { issued: number; claimLinks: Array<{ claimUrl: string }> };
    expect(out.issued).toBe(500);
    const handedOut = new Set(out.claimLinks.map((l) => l.claimUrl));
    expect(handedOut.size).toBe(500);

    mail.received.length = 0;
    mail.slow(5);
    const c = svc.services.config;
    const env = { ...process.env, NODE_ENV: 'test', AVALA_DB: c.dbPath, AVALA_KEYS_DIR: c.keysDir, AVALA_MASTER_KEY: c.masterKey, AVALA_PUBLIC_URL: c.publicUrl, AVALA_SMTP_URL: mail.url, AVALA_OUTBOX_LEASE_SECONDS: '1' };
    const send = () => spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'outbox', 'send'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    const exit = (child: ReturnType<typeof send>) => new Promise<{ code: number | null; signal: string | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));
    const first = send();
    const firstExit = exit(first);
    while (mail.received.length < 150) await new Promise((r) => setTimeout(r, 20));
    first.kill('SIGKILL');
    expect(await firstExit).toEqual({ code: null, signal: 'SIGKILL' });
    await new Promise((r) => setTimeout(r, 1100));
    expect(await exit(send())).toEqual({ code: 0, signal: null });
    mail.slow(0);

    const mine = mail.received.filter((m) => m.to[0]!.startsWith('lote'));
    const recipients = new Set(mine.map((m) => m.to[0]));
    expect(recipients.size).toBe(500);
    // At least once: only the message whose acceptance the kill cut off may come twice.
    expect(mine.length - new Set(mine.map((m) => messageIdOf(m.raw))).size).toBeLessThanOrEqual(1);
    const links = new Set(mine.flatMap((m) => claimUrlsIn(m.raw)));
    expect([...links].filter((l) => !handedOut.has(l))).toEqual([]);
    expect(links.size).toBe(500);
    for (const link of [...links].slice(0, 25)) expect((await fetch(link, { headers: { accept: 'application/json' } })).status).toBe(200);
    // Handing the links to the certifier is on record.
    const entries = svc.services.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'batch.claim-links' AND subject = ?").pluck().get(batchId);
    expect(entries).toBe(1);
  }, 180_000);
});

describe('without SMTP (development)', () => {
  it('writes each message as an .eml file beside the database', async () => {
    const dev = await startTestService({ publicUrlIsOwnAddress: true });
    try {
      const evaluator = actor(dev, 'cecati-42', 'evaluator');
      const e = await dev.services.issuance.recordEvaluation(evaluator, { candidate: { name: 'Ana', curp: curpFor(1), email: 'ana@correo.example' }, standard: { code: 'EC0217' }, centre: 'C', evaluatedOn: '2026-05-20', result: 'competent' });
      const { claimUrl } = await dev.services.issuance.certify(actor(dev, 'cecati-42', 'certifier'), e.id);
      expect(dev.services.outbox.transportDescription).toBe(`files in ${path.join(dev.dir, 'outbox')}`);
      expect(await dev.services.outbox.drain()).toMatchObject({ sent: 1 });
      const files = fs.readdirSync(path.join(dev.dir, 'outbox'));
      expect(files).toHaveLength(1);
      const eml = fs.readFileSync(path.join(dev.dir, 'outbox', files[0]!), 'utf8');
      expect(eml).toMatch(/^To: ana@correo\.example$/m);
      expect(claimUrlsIn(eml)).toEqual([claimUrl]);
    } finally {
      await dev.close();
    }
  });
});
