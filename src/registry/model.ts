import type { AccreditationState, BodyKind, BodyState, StandardState } from '../vc/index.js';

// The states and kinds are the published trust registry's vocabulary (src/vc/), which the registry's records use.
export {
  ACCREDITATION_STATES,
  BODY_KINDS,
  BODY_STATES,
  STANDARD_STATES,
  type AccreditationState,
  type BodyKind,
  type BodyState,
  type StandardState,
} from '../vc/index.js';

export const STAFF_ROLES = ['admin', 'evaluator', 'certifier'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface Committee {
  id: string;
  name: string;
  sector: string;
  region: string | null;
  createdAt: string;
}

export interface Standard {
  id: string;
  code: string;
  version: number;
  title: string;
  description: string;
  criteria: string[];
  sector: string;
  level: number;
  committeeId: string;
  validityMonths: number | null;
  state: StandardState;
  publishedAt: string | null;
  withdrawnAt: string | null;
  createdAt: string;
}

export interface Body {
  id: string;
  slug: string;
  name: string;
  kind: BodyKind;
  did: string;
  didMethod: 'web' | 'key';
  state: BodyState;
  createdAt: string;
}

export interface AccreditationEvent {
  at: string;
  state: AccreditationState;
  reason: string | null;
  actor: string;
}

export interface Accreditation {
  id: string;
  bodyId: string;
  standardId: string;
  validFrom: string;
  validUntil: string;
  state: AccreditationState;
  createdAt: string;
  updatedAt: string;
  history: AccreditationEvent[];
}

export interface Staff {
  id: string;
  bodyId: string;
  name: string;
  email: string | null;
  roles: StaffRole[];
  state: 'active' | 'disabled';
  createdAt: string;
}

/** The public half of a signing key, with the period it was (or is) in use. */
export interface SigningKey {
  id: string; // verification method id (DID URL)
  owner: string; // 'authority' or a body id
  keystoreId: string;
  publicKeyMultibase: string;
  activeFrom: string;
  activeUntil: string | null;
  compromisedAt: string | null;
  createdAt: string;
}

export const AUTHORITY = 'authority';
