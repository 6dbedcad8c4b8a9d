// The web pages: a second deployable beside the API. The verifier page is a static bundle (verifier/client, built by
// build.ts) that verifies in the browser; the claim page is rendered by the server. http/ serves both from here.
export { escapeHtml, renderPageShell, type PageShell } from './shell.js';
export { renderVerifierPage, type VerifierPageInput } from './verifier/page.js';
export { readVerifierCss, verifierBundle, buildVerifierBundle, type VerifierBundle } from './build.js';
export { CLAIM_PAGE_CSP, renderClaim, renderClaimPage, renderClaimNotFound, type ClaimPageInput } from './claim/render.js';
export { CLAIM_PAGE_CSS } from './claim/stylesheet.js';
export { MESSAGES as CLAIM_PAGE_MESSAGES } from './claim/messages.js';
export { CONSOLE_CSP, hrefIn, renderAuthorityDashboard, renderCertifyList, renderCertifyResult, renderEvaluationForm, type CertifyRow, renderBodyDashboard, renderLanding, type LandingStatistics, renderLogin, renderMessagePage, renderSetPassword, type FieldErrors } from './console/render.js';
export { CONSOLE_CSS, CONSOLE_WORK_CSS } from './console/stylesheet.js';
export { CONSOLE_BATCH_JS } from './console/batch-script.js';
export { CONSOLE_SCRIPT_CSP, CONSOLE_BATCH_SCRIPT, renderBatches, renderBatch, renderCertificateSearch, renderCertificate, renderStatusConfirm, type BatchLine, type BatchPageInput, type CertificateLine, type CertificatePageInput, type SearchValues } from './console/work.js';
export { WORK_MESSAGES as CONSOLE_WORK_MESSAGES, type WorkMessages } from './console/work-messages.js';
export { CONSOLE_AUTHORITY_CSS, renderBodies, renderBody, renderCatalogue, renderCompromise, renderCoverage, renderInvited, renderKeys, renderStaffList, renderStaffMember, type AccreditationView, type BodyLine, type KeyOwnerView, type StaffRow } from './console/authority.js';
export { AUTHORITY_MESSAGES as CONSOLE_AUTHORITY_MESSAGES, type AuthorityMessages } from './console/authority-messages.js';
export { MESSAGES as CONSOLE_MESSAGES, type ConsoleMessages } from './console/messages.js';
export { MY_CERTIFICATES_CSP, SHARE_SCRIPT, SHARE_SCRIPT_PATH, renderWorkerCode, renderWorkerList, renderWorkerRequest, type WorkerCertificateView } from './my-certificates/render.js';
export { FIELD_ERRORS as MY_CERTIFICATES_ERRORS, MESSAGES as MY_CERTIFICATES_MESSAGES } from './my-certificates/messages.js';
export { verifierManifest, verifierServiceWorker, VERIFIER_ICON_SVG, SHELL_CACHE_PREFIX } from './verifier/offline.js';
export { OVERSIGHT_CSS, renderOversight, renderFlagCertificates, renderAuditLog, barChart, type OversightPageInput, type FlagPageInput, type AuditPageInput, type AuditSearchValues } from './console/oversight.js';
export { OVERSIGHT_MESSAGES, type OversightMessages } from './console/oversight-messages.js';
