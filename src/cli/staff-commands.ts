import type { Command } from 'commander';
import { AppError } from '../errors.js';
import { jsonOption, print, printJson, type WithServices } from './common.js';

/**
 * `avala staff …`: console accounts from the command line (operator commands on the database). `password-link`
 * creates the account when it does not exist yet and prints a one-time link to set the password (also e-mailed
 * through the outbox).
 */
export function staffCommands(program: Command, withServices: WithServices): void {
  const staff = program.command('staff').description('people who sign in to the web console');

  staff
    .command('password-link')
    .description('print a one-time link (72 h) for a person to set their console password; creates their account if needed')
    .option('--staff <id>', "a body's staff member (their registry staff id)")
    .option('--email <email>', 'the e-mail they sign in with (for --staff: when the registry has none; alone: an existing account)')
    .option('--authority', "an authority account (with --email and --name): the authority's people exist only in the console")
    .option('--name <name>', 'the name of a new authority account')
    .addOption(jsonOption())
    .action((o: { staff?: string; email?: string; authority?: boolean; name?: string; json?: boolean }) =>
      withServices(async (s) => {
        let accountId: string;
        if (o.staff) {
          if (o.authority) throw new AppError('ERR_VALIDATION', 'Give --staff or --authority, not both');
          accountId = (await s.console.staffAccount(o.staff, o.email ?? null)).id;
        } else if (o.authority) {
          if (!o.email || !o.name) throw new AppError('ERR_VALIDATION', '--authority needs --email and --name');
          const existing = await s.console.accountByEmail(o.email).catch(() => null);
          if (existing && existing.kind !== 'authority') throw new AppError('ERR_CONFLICT', `${o.email} is a body staff member's account`);
          accountId = (existing ?? (await s.console.addAuthorityAccount({ email: o.email, name: o.name }))).id;
        } else if (o.email) {
          accountId = (await s.console.accountByEmail(o.email)).id;
        } else {
          throw new AppError('ERR_VALIDATION', 'Give --staff <id>, --email <email>, or --authority --email <email> --name <name>');
        }
        const link = await s.console.passwordLink(accountId);
        if (o.json) return printJson({ url: link.url, expiresAt: link.expiresAt, email: link.account.email, kind: link.account.kind, emailed: link.emailed });
        print(link.url);
        print(`for ${link.account.name} <${link.account.email}>, valid until ${link.expiresAt}, once${link.emailed ? '; also e-mailed (avala outbox status)' : ''}`);
      }),
    );
}
