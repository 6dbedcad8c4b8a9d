import { curpCheckDigit } from '../../src/issuance/curp.js';
import type { StaffActor } from '../../src/issuance/index.js';
import type { TestService } from './harness.js';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** A valid, distinct CURP for candidate number `i` (check digit computed, not hard-coded). */
export function curpFor(i: number): string {
  const a = 'AEIOU'[i % 5]!;
  const b = LETTERS[Math.floor(i / 5) % 26]!;
  const c = LETTERS[Math.floor(i / 130) % 26]!;
  const day = String((i % 28) + 1).padStart(2, '0');
  const month = String((Math.floor(i / 28) % 12) + 1).padStart(2, '0');
  const year = String(60 + (Math.floor(i / 336) % 40));
  const first17 = `G${a}${b}${c}${year}${month}${day}${i % 2 ? 'H' : 'M'}DFRRN${Math.floor(i / 3380) % 10}`;
  return first17 + curpCheckDigit(first17);
}

/** The demo staff member of `body` with exactly these roles, as an authenticated actor. */
export function actor(svc: TestService, body: string, roles: string): StaffActor {
  const d = svc.demo.find((x) => x.body === body && x.roles.join(',') === roles);
  if (!d) throw new TypeError(`no demo staff ${body}/${roles}`);
  return { staffId: d.staffId, bodyId: bodyIdOf(svc, body), roles: d.roles };
}

const bodyIds = new Map<string, string>();
function bodyIdOf(svc: TestService, slug: string): string {
  const id = bodyIds.get(`${svc.dir}:${slug}`);
  if (id) return id;
  const row = svc.services.db.prepare('SELECT id FROM bodies WHERE slug = ?').pluck().get(slug) as string;
  bodyIds.set(`${svc.dir}:${slug}`, row);
  return row;
}
