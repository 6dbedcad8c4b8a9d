import type { ClaimNotice, OutgoingMessage } from '../../issuance/index.js';
import { bilingualMessage } from './bilingual-message.js';

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
  return bilingualMessage('claim-link', f.to, subject, { lines: es, link: f.claimUrl, after: [note.es] }, { lines: en, link: f.claimUrl, after: [note.en] });
}
