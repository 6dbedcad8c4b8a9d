import type { OutgoingMessage } from '../../issuance/index.js';
import { bilingualMessage } from '../outbox/index.js';
import type { ExpiringCertificate, RenewalDigest, StatusChange } from './model.js';

/** A revocation reason in plain words. */
const REASONS: Record<string, { es: string; en: string }> = {
  issued_in_error: { es: 'se emitió por error', en: 'it was issued in error' },
  fraud: { es: 'se detectó un fraude', en: 'fraud was found' },
  evaluation_invalidated: { es: 'la evaluación en que se basaba fue anulada', en: 'the evaluation it was based on was annulled' },
  holder_request: { es: 'usted lo solicitó', en: 'you asked for it' },
  superseded_by_correction: { es: 'se reemplazó por un certificado corregido', en: 'it was replaced by a corrected certificate' },
  unspecified: { es: 'el organismo no indicó el motivo', en: 'the body gave no reason' },
};

const date = (iso: string, lang: 'es' | 'en') => new Date(iso).toLocaleDateString(lang === 'es' ? 'es-MX' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** To the worker, 90 or 30 days before their certificate expires. */
export function expiryMessage(c: ExpiringCertificate, daysLeft: number): OutgoingMessage {
  return bilingualMessage(
    'expiry',
    c.email,
    `Su certificado ${c.standardCode} vence el ${date(c.validUntil, 'es')} / Your certificate expires soon`,
    {
      lines: [
        `Hola, ${c.holderName}:`,
        `Su certificado de competencia ${c.standardCode} «${c.standardTitle}», emitido por ${c.bodyName}, vence el ${date(c.validUntil, 'es')} (en ${daysLeft} días).`,
        `Para renovarlo, pida a ${c.bodyName} (o a otro organismo acreditado para este estándar) una nueva evaluación antes de esa fecha. Después de ella, los empleadores verán el certificado como vencido.`,
      ],
    },
    {
      lines: [
        `Hello ${c.holderName},`,
        `Your competency certificate ${c.standardCode} "${c.standardTitle}", issued by ${c.bodyName}, expires on ${date(c.validUntil, 'en')} (in ${daysLeft} days).`,
        `To renew it, ask ${c.bodyName} (or another body accredited for this standard) for a new evaluation before then. After that date, employers will see the certificate as expired.`,
      ],
    },
  );
}

/** To the worker, when their certificate is revoked, suspended or reinstated. */
export function statusMessage(c: StatusChange): OutgoingMessage {
  const reason = REASONS[c.reason ?? 'unspecified'] ?? REASONS.unspecified!;
  const contest = {
    es: `Si cree que se trata de un error, comuníquese con ${c.bodyName} e indique el certificado ${c.standardCode} y esta fecha; si no obtiene respuesta, puede presentar una inconformidad ante la autoridad que acreditó al organismo.`,
    en: `If you believe this is a mistake, contact ${c.bodyName} naming the certificate ${c.standardCode} and this date; if you get no answer, you may file a complaint with the authority that accredited the body.`,
  };
  const what = {
    revoke: {
      subject: `Su certificado ${c.standardCode} fue revocado / Your certificate was revoked`,
      es: `${c.bodyName} revocó su certificado de competencia ${c.standardCode} «${c.standardTitle}» el ${date(c.at, 'es')}, porque ${reason.es}. Desde ahora, los empleadores que lo comprueben verán NO VÁLIDO.`,
      en: `${c.bodyName} revoked your competency certificate ${c.standardCode} "${c.standardTitle}" on ${date(c.at, 'en')}, because ${reason.en}. From now on, employers who check it will see NOT VALID.`,
    },
    suspend: {
      subject: `Su certificado ${c.standardCode} fue suspendido / Your certificate was suspended`,
      es: `${c.bodyName} suspendió su certificado de competencia ${c.standardCode} «${c.standardTitle}» el ${date(c.at, 'es')}. Mientras esté suspendido, los empleadores que lo comprueben verán que no es válido; la suspensión puede levantarse.`,
      en: `${c.bodyName} suspended your competency certificate ${c.standardCode} "${c.standardTitle}" on ${date(c.at, 'en')}. While it is suspended, employers who check it will see that it is not valid; a suspension can be lifted.`,
    },
    reinstate: {
      subject: `Su certificado ${c.standardCode} es válido de nuevo / Your certificate is valid again`,
      es: `${c.bodyName} levantó la suspensión de su certificado de competencia ${c.standardCode} «${c.standardTitle}» el ${date(c.at, 'es')}: vuelve a ser válido.`,
      en: `${c.bodyName} lifted the suspension of your competency certificate ${c.standardCode} "${c.standardTitle}" on ${date(c.at, 'en')}: it is valid again.`,
    },
  }[c.action];
  const contested = c.action !== 'reinstate';
  return bilingualMessage(
    `status-${c.action}`,
    c.email,
    what.subject,
    { lines: [`Hola, ${c.holderName}:`, what.es, ...(contested ? [contest.es] : [])] },
    { lines: [`Hello ${c.holderName},`, what.en, ...(contested ? [contest.en] : [])] },
  );
}

/** To a body's admins, weekly: the certificates due for renewal. */
export function renewalDigestMessage(d: RenewalDigest, to: string, days: number): OutgoingMessage {
  const rows = (lang: 'es' | 'en') => d.due.map((c) => `• ${c.holderName} — ${c.standardCode} — ${date(c.validUntil, lang)}`);
  return bilingualMessage(
    'renewals',
    to,
    `${d.due.length} certificados por renovar en ${days} días / ${d.due.length} certificates due for renewal`,
    { lines: [`${d.bodyName}: estos ${d.due.length} certificados vencen en los próximos ${days} días. Invite a sus titulares a una nueva evaluación.`, ...rows('es')] },
    { lines: [`${d.bodyName}: these ${d.due.length} certificates expire in the next ${days} days. Invite their holders to a new evaluation.`, ...rows('en')] },
  );
}
