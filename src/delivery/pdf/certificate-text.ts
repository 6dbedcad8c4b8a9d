import type { Lang } from '../../lang.js';

// The printed certificate speaks the same two languages as every page (src/lang.ts): Spanish by default.

export interface CertificateText {
  title: string;
  standardLine: (code: string, level: number | null) => string;
  awardedTo: string;
  forCompetence: string;
  sectorVersion: (sector: string | null, version: string) => string;
  issued: string;
  validUntil: string;
  noExpiry: string;
  evaluatedOn: string;
  centre: string;
  folio: string;
  verifyTitle: string;
  verifyHow: string;
  noCamera: string;
  curpHint: string;
  /** Who signed it: the body's name and the readable address of its published identity (never a raw did:web). */
  footer: (body: string, address: string) => string;
  date: (iso: string) => string;
  /** A calendar date (YYYY-MM-DD) without a time. */
  day: (ymd: string) => string;
}

/**
 * Dates are shown in Mexico City time: the certificate is Mexican, and a paper date must not depend on the time zone
 * of the server that printed it (12:00 UTC on 1 June is 1 June there too; 02:00 UTC would be the day before).
 */
const ZONE = 'America/Mexico_City';

function formatter(locale: string, timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone });
}

const ES_DATE = formatter('es-MX', ZONE);
const EN_DATE = formatter('en-US', ZONE);
const ES_DAY = formatter('es-MX', 'UTC');
const EN_DAY = formatter('en-US', 'UTC');

export const CERTIFICATE_TEXT: Readonly<Record<Lang, CertificateText>> = {
  es: {
    title: 'Certificado de Competencia',
    standardLine: (code, level) => `Estándar de competencia ${code}${level === null ? '' : ` · Nivel ${level}`}`,
    awardedTo: 'Se otorga el presente certificado a',
    forCompetence: 'por haber demostrado su competencia en',
    sectorVersion: (sector, version) => [sector ? `Sector: ${sector}` : null, version ? `Versión ${version} del estándar` : null].filter(Boolean).join('  ·  '),
    issued: 'Fecha de emisión',
    validUntil: 'Vigente hasta',
    noExpiry: 'Sin vencimiento',
    evaluatedOn: 'Fecha de evaluación',
    centre: 'Centro de evaluación',
    folio: 'Folio',
    verifyTitle: 'Verifique este certificado',
    verifyHow:
      'Escanee el código con la cámara de un teléfono: el verificador público muestra al instante si el certificado es auténtico, si el organismo estaba acreditado para este estándar y si sigue vigente (no revocado, suspendido ni vencido), sin enviar el certificado a ningún lado.',
    noCamera: 'Sin cámara, abra esta dirección y suba una foto del código:',
    curpHint: 'Para confirmar la identidad, escriba en el verificador la CURP de la identificación oficial de la persona.',
    footer: (body, address) => `Credencial verificable W3C (VC 2.0 · Open Badges 3.0) firmada digitalmente por ${body} · ${address}`,
    date: (iso) => ES_DATE.format(new Date(iso)),
    day: (ymd) => ES_DAY.format(new Date(`${ymd}T00:00:00Z`)),
  },
  en: {
    title: 'Certificate of Competence',
    standardLine: (code, level) => `Competency standard ${code}${level === null ? '' : ` · Level ${level}`}`,
    awardedTo: 'This certificate is awarded to',
    forCompetence: 'for having demonstrated competence in',
    sectorVersion: (sector, version) => [sector ? `Sector: ${sector}` : null, version ? `Standard version ${version}` : null].filter(Boolean).join('  ·  '),
    issued: 'Issued on',
    validUntil: 'Valid until',
    noExpiry: 'Does not expire',
    evaluatedOn: 'Evaluated on',
    centre: 'Evaluation centre',
    folio: 'Certificate ID',
    verifyTitle: 'Verify this certificate',
    verifyHow:
      'Scan the code with a phone camera: the public verifier shows at once whether the certificate is genuine, whether the body was accredited for this standard and whether it is still in force (not revoked, suspended or expired), without sending the certificate anywhere.',
    noCamera: 'Without a camera, open this address and upload a photo of the code:',
    curpHint: "To confirm identity, type into the verifier the CURP shown on the person's official ID.",
    footer: (body, address) => `W3C verifiable credential (VC 2.0 · Open Badges 3.0) digitally signed by ${body} · ${address}`,
    date: (iso) => EN_DATE.format(new Date(iso)),
    day: (ymd) => EN_DAY.format(new Date(`${ymd}T00:00:00Z`)),
  },
};
