export { claimPageRouter, CLAIM_PAGE_CSP, type ClaimPageDeps } from './router.js';
export { renderClaimPage, renderClaimNotFound, certificateView, escapeHtml, type CertificateView, type ClaimPageInput } from './render.js';
export { MESSAGES, LANGS, type Lang } from './messages.js';
