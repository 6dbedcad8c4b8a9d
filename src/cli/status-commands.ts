import type { Command } from 'commander';
import { REVOCATION_REASONS, type StatusView } from '../status/index.js';
import { clientOptions, connect, ServiceError, type ClientOptions, type Service } from './client.js';
import { jsonOption, print, printJson } from './common.js';

type Who = ClientOptions & { admin?: boolean };

/** The authority with `--admin` (its token from AVALA_ADMIN_TOKEN), else the staff member whose API key is given. */
function service(o: Who): Service {
  if (!o.admin) return connect(o);
  const token = process.env.AVALA_ADMIN_TOKEN;
  if (!token) throw new ServiceError('Acting as the authority needs its admin token in AVALA_ADMIN_TOKEN', 'ERR_UNAUTHENTICATED', 0);
  return connect(o, token);
}

function show(v: StatusView, json: boolean | undefined): void {
  if (json) return printJson(v);
  print(`${v.credentialId}: ${v.state}${v.reason ? ` (${v.reason})` : ''}${v.note ? ` — ${v.note}` : ''}`);
  print(`  valid ${v.validFrom} → ${v.validUntil ?? 'no expiry'}${v.renews.length ? `; renews ${v.renews.join(' ← ')}` : ''}${v.renewedBy.length ? `; renewed by ${v.renewedBy.join(' → ')}` : ''}`);
}

/** `avala status …`: revoke, suspend, reinstate, read a credential's status, list renewals due; over the service's API. */
export function statusCommands(program: Command): void {
  const status = program.command('status').description("credentials' status: revocation, suspension, expiry, renewal");
  const who = (c: Command) => clientOptions(c, "a body admin's or certifier's API key (or AVALA_API_KEY)").option('--admin', 'act as the authority (AVALA_ADMIN_TOKEN)');
  const at = (id: string, action = '') => `/credentials/${encodeURIComponent(id)}/${action || 'status'}`;

  who(status.command('revoke <credentialId>').description('revoke (final)'))
    .requiredOption('--reason <reason>', REVOCATION_REASONS.join(' | '))
    .option('--note <text>')
    .addOption(jsonOption())
    .action(async (id: string, o: Who & { reason: string; note?: string; json?: boolean }) =>
      show(await service(o).json<StatusView>('POST', at(id, 'revoke'), { reason: o.reason, note: o.note ?? null }), o.json),
    );

  for (const action of ['suspend', 'reinstate'] as const) {
    who(status.command(`${action} <credentialId>`).description(action === 'suspend' ? 'suspend while under investigation (reversible)' : 'lift a suspension'))
      .option('--note <text>')
      .addOption(jsonOption())
      .action(async (id: string, o: Who & { note?: string; json?: boolean }) => show(await service(o).json<StatusView>('POST', at(id, action), { note: o.note ?? null }), o.json));
  }

  who(status.command('show <credentialId>').description('state, reason, dates and renewal chain'))
    .addOption(jsonOption())
    .action(async (id: string, o: Who & { json?: boolean }) => show(await service(o).json<StatusView>('GET', at(id)), o.json));

  clientOptions(status.command('renewals').description("a body's credentials due for renewal"), 'a staff API key of the body (or AVALA_API_KEY)')
    .option('--within <days>', 'days ahead', '90')
    .addOption(jsonOption())
    .action(async (o: ClientOptions & { within: string; json?: boolean }) => {
      const r = await connect(o).json<{ credentials: Array<{ credentialId: string; validUntil: string; holderName: string | null }> }>('GET', `/renewals?within=${encodeURIComponent(o.within)}d`);
      const due = r.credentials;
      if (o.json) return printJson(due);
      if (due.length === 0) return print(`nothing due within ${o.within} days`);
      for (const d of due) print(`${d.validUntil}  ${d.credentialId}${d.holderName ? `  ${d.holderName}` : ''}`);
    });
}
