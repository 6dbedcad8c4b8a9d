export { NOTIFICATION_KINDS, type NotificationKind, type NotificationRepository, type ExpiringCertificate, type StatusChange, type RenewalDigest, type Notice } from './model.js';
export { NotificationService, type NotificationOptions, type ScanResult } from './service.js';
export { planExpiryNotices, planRenewalDigests, planStatusNotices, isoWeek, EXPIRY_NOTICE_DAYS, RENEWAL_WINDOW_DAYS } from './plan.js';
