export { claimPage, type ClaimPageData, type ClaimPageDeps } from './page.js';
export { certificateView, type CertificateView } from './certificate-view.js';
