export { certificateFacts, didWebAddress, type CertificateFacts } from './certificate-facts.js';
export { renderCertificatePdf, PAPER_SIZES, QR_SIDE_CM, DEFAULT_AUTHORITY_NAME, type CertificateAuthority, type CertificatePdfOptions, type PaperSize } from './certificate-pdf.js';
export { CERTIFICATE_TEXT } from './certificate-text.js';
export { readAuthoritySeal } from './seal.js';
