import type { OutgoingMessage } from '../../issuance/index.js';

/** The kinds of notification, each of which configuration can switch off (`AVALA_NOTIFICATIONS`). */
export const NOTIFICATION_KINDS = ['expiry', 'status', 'renewals'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** What a certificate notice says about the certificate and its worker. */
export interface CertificateFacts {
  credentialId: string;
  holderName: string;
  email: string;
  bodyName: string;
  standardCode: string;
  standardTitle: string;
  validUntil: string | null;
}

/** A certificate of a worker with an e-mail address, active, not renewed, that expires within the window asked. */
export type ExpiringCertificate = CertificateFacts & { validUntil: string };

/** One entry of a certificate's status history, with the facts of the certificate (only ones with an address). */
export interface StatusChange extends CertificateFacts {
  /** The history entry's sequence number: its notice is sent once. */
  seq: number;
  action: 'revoke' | 'suspend' | 'reinstate';
  reason: string | null;
  at: string;
}

/** A body's certificates due for renewal, for its admins' weekly list. */
export interface RenewalDigest {
  bodyId: string;
  bodyName: string;
  adminEmails: readonly string[];
  due: ReadonlyArray<{ credentialId: string; holderName: string; standardCode: string; validUntil: string }>;
}

/** A message with the key that makes it be sent once, whatever how many scans plan it. */
export interface Notice {
  dedupKey: string;
  credentialId: string | null;
  message: OutgoingMessage;
}

export interface NotificationRepository {
  expiringCertificates(now: string, until: string, limit: number): Promise<ExpiringCertificate[]>;
  /** Status history after `afterSeq`, oldest first; entries of certificates without an address are skipped but counted in `lastSeq`. */
  statusChanges(afterSeq: number, limit: number): Promise<{ changes: StatusChange[]; lastSeq: number }>;
  renewalDigests(now: string, until: string): Promise<RenewalDigest[]>;
  /**
   * Adds the notices to the outbox, skipping any whose key is already there, and (when given) moves the status
   * history cursor, in ONE transaction; returns how many were new.
   */
  enqueue(notices: readonly Notice[], now: string, statusCursor?: number): Promise<number>;
  statusCursor(): Promise<number>;
}
