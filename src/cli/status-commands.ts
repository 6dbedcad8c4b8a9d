import type { Command } from 'commander';
import { AppError } from '../errors.js';
import type { Services } from '../compose.js';
import { REVOCATION_REASONS, type StatusActor, type StatusView } from '../status/index.js';
import { jsonOption, print, printJson, type WithServices } from './main.js';

/** The authority with `--admin`, else the staff member whose API key is given (as the HTTP API decides). */
async function statusActor(s: Services, o: { key?: string; admin?: boolean }): Promise<StatusActor> {
  if (o.admin) return { kind: 'admin' };
  const token = o.key ?? process.env.AVALA_API_KEY;
  if (!token) throw new AppError('ERR_UNAUTHENTICATED', 'Give a staff API key with --key or AVALA_API_KEY, or act as the authority with --admin');
  const who = await s.registry.authenticateStaff(token);
  if (!who) throw new AppError('ERR_UNAUTHENTICATED', 'That API key is not valid');
  return { kind: 'staff', bodyId: who.body.id, staffId: who.staff.id, roles: who.staff.roles };
}

function show(v: StatusView, json: boolean | undefined): void {
  if (json) return printJson(v);
  print(`${v.credentialId}: ${v.state}${v.reason ? ` (${v.reason})` : ''}${v.note ? ` — ${v.note}` : ''}`);
  print(`  valid ${v.validFrom} → ${v.validUntil ?? 'no expiry'}${v.renews.length ? `; renews ${v.renews.join(' ← ')}` : ''}${v.renewedBy.length ? `; renewed by ${v.renewedBy.join(' → ')}` : ''}`);
}

/** `avala status …`: revoke, suspend, reinstate, read a credential's status, list renewals due. */
export function statusCommands(program: Command, withServices: WithServices): void {
  const status = program.command('status').description("credentials' status: revocation, suspension, expiry, renewal");
  const who = (c: Command) => c.option('--key <apiKey>', "a body admin's or certifier's API key (or AVALA_API_KEY)").option('--admin', 'act as the authority');

  who(status.command('revoke <credentialId>').description('revoke (final)'))
    .requiredOption('--reason <reason>', REVOCATION_REASONS.join(' | '))
    .option('--note <text>')
    .addOption(jsonOption())
    .action((id: string, o: { key?: string; admin?: boolean; reason: string; note?: string; json?: boolean }) =>
      withServices(async (s) => show(await s.status.change(id, 'revoke', { reason: o.reason, note: o.note ?? null }, await statusActor(s, o)), o.json)),
    );

  for (const action of ['suspend', 'reinstate'] as const) {
    who(status.command(`${action} <credentialId>`).description(action === 'suspend' ? 'suspend while under investigation (reversible)' : 'lift a suspension'))
      .option('--note <text>')
      .addOption(jsonOption())
      .action((id: string, o: { key?: string; admin?: boolean; note?: string; json?: boolean }) =>
        withServices(async (s) => show(await s.status.change(id, action, { note: o.note ?? null }, await statusActor(s, o)), o.json)),
      );
  }

  who(status.command('show <credentialId>').description('state, reason, dates and renewal chain'))
    .addOption(jsonOption())
    .action((id: string, o: { key?: string; admin?: boolean; json?: boolean }) => withServices(async (s) => show(await s.status.read(id, await statusActor(s, o)), o.json)));

  status
    .command('renewals')
    .description("a body's credentials due for renewal")
    .option('--key <apiKey>', 'a staff API key of the body (or AVALA_API_KEY)')
    .option('--within <days>', 'days ahead', '90')
    .addOption(jsonOption())
    .action((o: { key?: string; within: string; json?: boolean }) =>
      withServices(async (s) => {
        const actor = await statusActor(s, o);
        if (actor.kind !== 'staff') throw new AppError('ERR_VALIDATION', 'Renewals are listed per body: give a staff API key');
        const due = await s.status.dueForRenewal(actor.bodyId, Number(o.within));
        if (o.json) return printJson(due);
        if (due.length === 0) return print(`nothing due within ${o.within} days`);
        for (const d of due) print(`${d.validUntil}  ${d.credentialId}${d.holderName ? `  ${d.holderName}` : ''}`);
      }),
    );
}
