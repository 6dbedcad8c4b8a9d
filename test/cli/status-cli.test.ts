import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, runAvalaClient, startTestService, type TestService } from '../helpers/harness.js';
import { actor, curpFor } from '../helpers/people.js';

let svc: TestService;
let credentialId: string;
let activeId: string;

/** Records and certifies an EC0217 evaluation for cecati-42; returns the credential id. */
async function certified(name: string, curpIndex: number): Promise<string> {
  const e = await svc.services.issuance.recordEvaluation(actor(svc, 'cecati-42', 'evaluator'), {
    candidate: { name, curp: curpFor(curpIndex), email: null },
    standard: { code: 'EC0217' },
    centre: 'Centro',
    evaluatedOn: '2026-05-05',
    result: 'competent',
  });
  return (await svc.services.issuance.certify(actor(svc, 'cecati-42', 'certifier'), e.id)).credential.id;
}

beforeAll(async () => {
  svc = await startTestService();
  credentialId = await certified('Rosa Martínez', 21);
  activeId = await certified('Tomás Ruiz', 22);
});
afterAll(async () => {
  await svc.close();
});

// A client of the running service, as a body's certifier on a laptop would run it; --admin with the authority's token.
const avala = (args: string[]) => runAvalaClient(svc.url, args, { AVALA_ADMIN_TOKEN: ADMIN_TOKEN });

describe('avala status', () => {
  it('refuses another body, then suspends, reinstates and revokes for the issuing body', async () => {
    const other = await avala(['status', 'revoke', credentialId, '--reason', 'fraud', '--key', svc.staffKey('universidad-del-valle', 'certifier')]);
    expect(other.status).toBe(2);
    expect(other.stderr).toMatch(/ERR_NOT_FOUND/);
    const key = svc.staffKey('cecati-42', 'certifier');
    expect(JSON.parse((await avala(['status', 'suspend', credentialId, '--key', key, '--note', 'queja', '--json'])).stdout).state).toBe('suspended');
    expect(JSON.parse((await avala(['status', 'reinstate', credentialId, '--key', key, '--json'])).stdout).state).toBe('active');
    const bad = await avala(['status', 'revoke', credentialId, '--reason', 'because', '--key', key]);
    expect(bad.status).toBe(2);
    const revoked = await avala(['status', 'revoke', credentialId, '--reason', 'issued_in_error', '--key', key, '--json']);
    expect(JSON.parse(revoked.stdout)).toMatchObject({ state: 'revoked', reason: 'issued_in_error' });
    const shown = await avala(['status', 'show', credentialId, '--admin']);
    expect(shown.stdout).toMatch(/revoked \(issued_in_error\)/);
  }, 180_000);

  it('lists renewals due within a window, leaving out revoked credentials', async () => {
    // Both credentials are valid for 36 months from the frozen issue date: due within 1,200 days, not within 90.
    const soon = await avala(['status', 'renewals', '--within', '90', '--key', svc.staffKey('cecati-42', 'admin'), '--json']);
    expect(JSON.parse(soon.stdout)).toEqual([]);
    const r = await avala(['status', 'renewals', '--within', '1200', '--key', svc.staffKey('cecati-42', 'admin'), '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).map((d: { credentialId: string }) => d.credentialId)).toEqual([activeId]);
  }, 60_000);
});
