export const STANDARD_STATES = ['draft', 'published', 'withdrawn'] as const;
export type StandardState = (typeof STANDARD_STATES)[number];

export const BODY_KINDS = ['university', 'school', 'employer', 'chamber', 'union', 'third-party'] as const;
export type BodyKind = (typeof BODY_KINDS)[number];

export const BODY_STATES = ['active', 'suspended', 'closed'] as const;
export type BodyState = (typeof BODY_STATES)[number];

export const ACCREDITATION_STATES = ['active', 'suspended', 'withdrawn'] as const;
export type AccreditationState = (typeof ACCREDITATION_STATES)[number];

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
