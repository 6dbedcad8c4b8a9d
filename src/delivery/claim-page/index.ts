export { claimPage, CLAIM_PAGE_CSP, type ClaimPageDeps } from './page.js';
export { renderClaimPage, renderClaimNotFound, certificateView, escapeHtml, type CertificateView, type ClaimPageInput } from './render.js';
export { MESSAGES } from './messages.js';
export { CLAIM_PAGE_CSS } from './stylesheet.js';
