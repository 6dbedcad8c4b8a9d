import type { Command } from 'commander';
import { jsonOption, print, printJson, type WithServices } from './common.js';

/**
 * `avala outbox …`: operator commands on the database. The server delivers the outbox itself; `send` is for a
 * sender run on its own (a cron job, a separate worker) or to flush before maintenance.
 */
export function outboxCommands(program: Command, withServices: WithServices): void {
  const outbox = program.command('outbox').description('messages to workers: what waits, and sending it');

  outbox
    .command('status')
    .description('messages pending, sent and given up')
    .addOption(jsonOption())
    .action((o: { json?: boolean }) =>
      withServices(async (s) => {
        const counts = await s.outbox.counts();
        if (o.json) return printJson(counts);
        print(`pending ${counts.pending}, sent ${counts.sent}, failed ${counts.failed} (delivering to ${s.outbox.transportDescription})`);
      }),
    );

  outbox
    .command('notify')
    .description('plan the notifications due now (expiry, status changes, renewal lists) into the outbox, once')
    .addOption(jsonOption())
    .action((o: { json?: boolean }) =>
      withServices(async (s) => {
        const r = await s.notifications.runOnce();
        if (o.json) return printJson(r);
        print(s.notifications.kinds.length === 0 ? 'notifications are off (AVALA_NOTIFICATIONS=none)' : `added to the outbox: expiry ${r.expiry}, status ${r.status}, renewals ${r.renewals}`);
      }),
    );

  outbox
    .command('send')
    .description('deliver every message that is due now, then stop')
    .action(() =>
      withServices(async (s) => {
        const r = await s.outbox.drain();
        print(`sent ${r.sent}, to retry ${r.retried}, given up ${r.failed} (via ${s.outbox.transportDescription})`);
      }),
    );
}
