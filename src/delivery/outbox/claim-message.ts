import type { ClaimNotice, OutgoingMessage } from '../../issuance/index.js';

/**
 * The message that brings a worker their certificate: who certified what, the claim link, and what it is. In
 * Spanish, then English, in one message: the evaluation records no language, and a worker who reads either finds
 * their own. Plain text and HTML carry the same words.
 */
export function claimLinkMessage(f: ClaimNotice): OutgoingMessage {
  const subject = `Su certificado de competencia ${f.standardCode} / Your competency certificate`;
  const es = [
    `Hola, ${f.holderName}:`,
    `${f.bodyName} le certificó como competente en ${f.standardCode} «${f.standardTitle}».`,
    'Su certificado digital está aquí. Ábralo para descargarlo en PDF, guardarlo en una cartera digital o compartirlo con un empleador:',
  ];
  const en = [
    `Hello ${f.holderName},`,
    `${f.bodyName} certified you as competent in ${f.standardCode} "${f.standardTitle}".`,
    'Your digital certificate is here. Open it to download the PDF, keep it in a digital wallet or share it with an employer:',
  ];
  const note = {
    es: 'Este enlace es personal: no lo reenvíe. Cualquier empleador puede comprobar el certificado sin contactarnos.',
    en: 'This link is personal: do not forward it. Any employer can check the certificate without contacting us.',
  };
  const text = [...es, '', f.claimUrl, '', note.es, '', '—', '', ...en, '', f.claimUrl, '', note.en, ''].join('\n');
  const p = (s: string) => `<p>${escapeHtml(s)}</p>`;
  const link = `<p><a href="${escapeHtml(f.claimUrl)}">${escapeHtml(f.claimUrl)}</a></p>`;
  const html = [
    '<!doctype html><html lang="es-MX"><head><meta charset="utf-8"><title>', escapeHtml(subject), '</title></head><body>',
    ...es.map(p), link, p(note.es), '<hr>',
    '<div lang="en">', ...en.map(p), link, p(note.en), '</div>',
    '</body></html>',
  ].join('');
  return { kind: 'claim-link', to: f.to, subject, text, html };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
