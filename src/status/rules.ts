import { AppError } from '../errors.js';
import {
  REVOCATION_REASONS,
  type ReadState,
  type RevocationReason,
  type StatusAction,
  type StatusActor,
  type StatusPurpose,
  type StoredState,
} from './model.js';

const NEXT: Record<StoredState, Partial<Record<StatusAction, StoredState>>> = {
  active: { suspend: 'suspended', revoke: 'revoked' },
  suspended: { reinstate: 'active', revoke: 'revoked' },
  // Revocation is final: a credential revoked in error is re-issued, never un-revoked.
  revoked: {},
};

export const MAX_NOTE_LENGTH = 2000;

export interface PlannedChange {
  from: StoredState;
  to: StoredState;
  reason: RevocationReason | null;
  note: string | null;
}

/** Checks and tidies what the caller gave with an action: a reason from the fixed list for a revocation only. */
export function changeInput(action: StatusAction, input: { reason?: string | null; note?: string | null } = {}): { reason: RevocationReason | null; note: string | null } {
  const note = input.note?.trim() ? input.note.trim() : null;
  if (note !== null && note.length > MAX_NOTE_LENGTH) throw new AppError('ERR_VALIDATION', `The note is longer than ${MAX_NOTE_LENGTH} characters`);
  const reason = input.reason ?? null;
  if (action === 'revoke') {
    if (!isRevocationReason(reason)) {
      throw new AppError('ERR_VALIDATION', `A revocation needs a reason, one of ${REVOCATION_REASONS.join(', ')}`, { details: { allowed: REVOCATION_REASONS } });
    }
    return { reason, note };
  }
  if (reason !== null) throw new AppError('ERR_VALIDATION', 'A reason is given only when revoking; say why in the note');
  return { reason: null, note };
}

/** active → suspended → active, and active | suspended → revoked (final). */
export function planChange(from: StoredState, action: StatusAction, input: { reason?: string | null; note?: string | null } = {}): PlannedChange {
  const checked = changeInput(action, input);
  const to = NEXT[from][action];
  if (!to) {
    throw new AppError('ERR_INVALID_TRANSITION', `A ${from} credential cannot be ${pastTense(action)}`, {
      details: { from, action, allowed: Object.keys(NEXT[from]) },
    });
  }
  return { from, to, ...checked };
}

export function isRevocationReason(r: unknown): r is RevocationReason {
  return typeof r === 'string' && (REVOCATION_REASONS as readonly string[]).includes(r);
}

function pastTense(a: StatusAction): string {
  return a === 'revoke' ? 'revoked' : a === 'suspend' ? 'suspended' : 'reinstated';
}

/** The bit a credential has in each of its two lists. Derived from the state, so the lists can never disagree with it. */
export function bitFor(state: StoredState, purpose: StatusPurpose): boolean {
  return purpose === 'revocation' ? state === 'revoked' : state === 'suspended';
}

/** The state whose credentials have their bit set in a list of this purpose. */
export function stateSettingBit(purpose: StatusPurpose): StoredState {
  return purpose === 'revocation' ? 'revoked' : 'suspended';
}

/**
 * What a reader is told, strongest first: revoked > suspended > superseded (a renewal that is not itself revoked
 * exists) > expired (validUntil has passed) > active.
 */
export function readState(input: { stored: StoredState; validUntil: string | null; renewedByLiveCredential: boolean; now: Date }): ReadState {
  if (input.stored === 'revoked') return 'revoked';
  if (input.stored === 'suspended') return 'suspended';
  if (input.renewedByLiveCredential) return 'superseded';
  if (input.validUntil !== null && Date.parse(input.validUntil) <= input.now.getTime()) return 'expired';
  return 'active';
}

const CHANGE_ROLES = ['admin', 'certifier'] as const;

/**
 * Who may see or change a credential's status: the authority, or the issuing body's staff (any role to read; a
 * body admin or certifier to change). Another body's staff get the same "does not exist" as for an unknown id,
 * so ids cannot be probed.
 */
export function authorize(actor: StatusActor, credential: { id: string; bodyId: string } | null, need: 'read' | 'change', credentialId: string): void {
  if (!credential || (actor.kind === 'staff' && actor.bodyId !== credential.bodyId)) throw notFound(credentialId);
  if (actor.kind === 'admin' || need === 'read') return;
  if (!actor.roles.some((r) => (CHANGE_ROLES as readonly string[]).includes(r))) {
    throw new AppError('ERR_FORBIDDEN', `Changing a credential's status needs the role admin or certifier; you have ${actor.roles.join(', ') || 'none'}`);
  }
}

export function notFound(credentialId: string): AppError {
  return new AppError('ERR_NOT_FOUND', `Credential ${credentialId} does not exist`);
}

export function actorName(actor: StatusActor): string {
  return actor.kind === 'admin' ? 'authority' : actor.staffId;
}
