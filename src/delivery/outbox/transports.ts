import fs from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { DeliveryResult, MailTransport, OutboxMessage } from './model.js';

/** The headers every message carries; the Message-ID is the outbox row's, so a repeat is recognisable as one. */
function mailOf(m: OutboxMessage, from: string, domain: string) {
  return { from, to: m.recipient, subject: m.subject, text: m.text, html: m.html, messageId: `<${m.id}@${domain}>`, date: new Date(m.createdAt) };
}

/** SMTP through nodemailer (`smtp://`, `smtps://`, with credentials in the URL when the server needs them). */
export function smtpTransport(url: string, opts: { from: string; domain: string }): MailTransport {
  const t = nodemailer.createTransport(url);
  const shown = new URL(url);
  shown.password = '';
  shown.username = '';
  return {
    description: `SMTP ${shown.toString()}`,
    async deliver(m): Promise<DeliveryResult> {
      try {
        const info = await t.sendMail(mailOf(m, opts.from, opts.domain));
        return { ok: true, serverId: String(info.response ?? info.messageId) };
      } catch (e) {
        // 5xx is the server's final word on this message (no such mailbox…); anything else may pass later.
        const code = (e as { responseCode?: number }).responseCode;
        return { ok: false, permanent: typeof code === 'number' && code >= 500 && code < 600, error: e instanceof Error ? e.message : String(e) };
      }
    },
    async close() {
      t.close();
    },
  };
}

/**
 * For development without a mail server: each message becomes `<id>.eml` in a folder, written whole then renamed,
 * so a sender killed midway leaves no half file and a repeat overwrites rather than duplicates.
 */
export function fileTransport(dir: string, opts: { from: string; domain: string }): MailTransport {
  const t = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    description: `files in ${dir}`,
    async deliver(m): Promise<DeliveryResult> {
      const info = await t.sendMail(mailOf(m, opts.from, opts.domain));
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const file = path.join(dir, `${m.id}.eml`);
      fs.writeFileSync(`${file}.tmp`, info.message as Buffer, { mode: 0o600 });
      fs.renameSync(`${file}.tmp`, file);
      return { ok: true, serverId: file };
    },
    async close() {
      t.close();
    },
  };
}
