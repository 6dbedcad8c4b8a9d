export { certificateFacts, type CertificateFacts } from './certificate-facts.js';
export { renderCertificatePdf, PAPER_SIZES, QR_SIDE_CM, type CertificatePdfOptions, type PaperSize } from './certificate-pdf.js';
export { CERTIFICATE_TEXT } from './certificate-text.js';
