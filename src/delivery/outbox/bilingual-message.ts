import type { OutgoingMessage } from '../../issuance/index.js';

/** One language's part of a message: paragraphs, then an optional link, then closing paragraphs. */
export interface MessagePart {
  lines: readonly string[];
  link?: string;
  after?: readonly string[];
}

/**
 * A message in Spanish, then English: the records hold no language for a worker or a body's staff, and a reader
 * of either finds their own. Plain text and HTML carry the same words; every value is escaped in the HTML.
 */
export function bilingualMessage(kind: string, to: string, subject: string, es: MessagePart, en: MessagePart): OutgoingMessage {
  const textOf = (m: MessagePart) => [...m.lines, ...(m.link ? ['', m.link] : []), ...(m.after?.length ? ['', ...m.after] : [])];
  const text = [...textOf(es), '', '—', '', ...textOf(en), ''].join('\n');
  const p = (s: string) => `<p>${escapeHtml(s)}</p>`;
  const htmlOf = (m: MessagePart) => [...m.lines.map(p), ...(m.link ? [`<p><a href="${escapeHtml(m.link)}">${escapeHtml(m.link)}</a></p>`] : []), ...(m.after ?? []).map(p)];
  const html = [
    '<!doctype html><html lang="es-MX"><head><meta charset="utf-8"><title>', escapeHtml(subject), '</title></head><body>',
    ...htmlOf(es), '<hr>',
    '<div lang="en">', ...htmlOf(en), '</div>',
    '</body></html>',
  ].join('');
  return { kind, to, subject, text, html };
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
