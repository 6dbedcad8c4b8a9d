import type { OutgoingMessage } from '../issuance/index.js';
import type { PasswordLinkNotice } from './service.js';

/** The e-mail with a new person's set-password link: Spanish, then English, plain text and HTML. */
export function passwordLinkMessage(n: PasswordLinkNotice): OutgoingMessage {
  const subject = 'Su acceso a la consola de Avala / Your access to the Avala console';
  const until = n.expiresAt.slice(0, 16).replace('T', ' ') + ' UTC';
  const es = [
    `Hola, ${n.name}:`,
    n.bodyName ? `Tiene una cuenta en la consola de Avala para ${n.bodyName}.` : 'Tiene una cuenta en la consola de Avala de la autoridad.',
    `Elija su contraseña con este enlace, de un solo uso, válido hasta ${until}:`,
  ];
  const en = [
    `Hello ${n.name},`,
    n.bodyName ? `You have an account on the Avala console for ${n.bodyName}.` : "You have an account on the authority's Avala console.",
    `Choose your password with this one-time link, valid until ${until}:`,
  ];
  const note = { es: 'Si no esperaba este mensaje, ignórelo.', en: 'If you did not expect this message, ignore it.' };
  const text = [...es, '', n.url, '', note.es, '', '—', '', ...en, '', n.url, '', note.en, ''].join('\n');
  const p = (s: string) => `<p>${esc(s)}</p>`;
  const link = `<p><a href="${esc(n.url)}">${esc(n.url)}</a></p>`;
  const html = ['<!doctype html><html lang="es-MX"><head><meta charset="utf-8"><title>', esc(subject), '</title></head><body>', ...es.map(p), link, p(note.es), '<hr>', '<div lang="en">', ...en.map(p), link, p(note.en), '</div>', '</body></html>'].join('');
  return { kind: 'console-password-link', to: n.to, subject, text, html };
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
