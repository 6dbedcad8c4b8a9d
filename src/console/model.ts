import type { StaffRole } from '../registry/index.js';

/**
 * Who signs in to the web console. A certifying body's staff member has one account, keyed by their registry staff
 * id: their roles, their body and whether they are active stay the registry's (so a staff member disabled there
 * cannot sign in either). The authority's people exist only as console accounts.
 */
export type AccountKind = 'authority' | 'staff';

export interface ConsoleAccount {
  /** The staff id for a body's staff member; a fresh id for an authority account. */
  id: string;
  kind: AccountKind;
  staffId: string | null;
  email: string;
  name: string;
  /** argon2id PHC string; null until the person sets a password from their link. */
  passwordHash: string | null;
  state: 'active' | 'disabled';
  createdAt: string;
  updatedAt: string;
}

export interface SessionRecord {
  /** SHA-256 of the cookie's secret; the secret itself is never stored. */
  idHash: string;
  accountId: string;
  /** The form token every state-changing form of this session carries (CSRF). */
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

export interface PasswordTokenRecord {
  tokenHash: string;
  accountId: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

/** Who a signed-in person acts as: the authority, or a body's staff member with the registry's roles. */
export type ConsolePrincipal =
  | { kind: 'authority'; accountId: string; name: string; email: string }
  | { kind: 'staff'; accountId: string; name: string; email: string; staffId: string; bodyId: string; bodyName: string; bodySlug: string; roles: readonly StaffRole[] };

/** A live session: who it is, and the form token its forms carry. */
export interface ConsoleSession {
  principal: ConsolePrincipal;
  csrfToken: string;
  expiresAt: string;
}

/** What a sign-in hands the HTTP layer: the new session's secret (for the cookie, once) and its form token. */
export interface SignedIn {
  sessionSecret: string;
  session: ConsoleSession;
}
