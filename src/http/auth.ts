import crypto from 'node:crypto';
import type { Request } from 'express';
import { AppError } from '../errors.js';
import type { AuthenticatedStaff, RegistryService, StaffRole } from '../registry/index.js';

export type Caller = { kind: 'admin' } | ({ kind: 'staff' } & AuthenticatedStaff);

function bearer(req: Request): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m ? m[1]! : null;
}

function tokensEqual(a: string, b: string): boolean {
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}

/** Who is calling: the authority (admin token), a body's staff member (API key), or nobody. */
export async function identify(req: Request, adminToken: string, registry: RegistryService): Promise<Caller | null> {
  const token = bearer(req);
  if (!token) return null;
  if (tokensEqual(token, adminToken)) return { kind: 'admin' };
  const staff = await registry.authenticateStaff(token);
  return staff ? { kind: 'staff', ...staff } : null;
}

export function requireAdmin(caller: Caller | null): asserts caller is { kind: 'admin' } {
  if (!caller) throw new AppError('ERR_UNAUTHENTICATED', 'This endpoint needs the authority admin token (Authorization: Bearer …)');
  if (caller.kind !== 'admin') throw new AppError('ERR_FORBIDDEN', 'Only the authority may do this');
}

/** A staff member holding one of `roles`; the authority passes too when `allowAdmin`. */
export function requireStaff(caller: Caller | null, roles: readonly StaffRole[]): asserts caller is { kind: 'staff' } & AuthenticatedStaff {
  if (!caller) throw new AppError('ERR_UNAUTHENTICATED', 'This endpoint needs a staff API key (Authorization: Bearer avk_…)');
  if (caller.kind !== 'staff') throw new AppError('ERR_FORBIDDEN', 'This endpoint is for a certifying body’s staff');
  if (!caller.staff.roles.some((r) => roles.includes(r))) {
    throw new AppError('ERR_FORBIDDEN', `This needs the role ${roles.join(' or ')}; you have ${caller.staff.roles.join(', ')}`);
  }
}
