import { Command, Option } from 'commander';
import { AppError } from '../errors.js';
import { ServiceError } from './client.js';
import { loadConfig } from '../config.js';
import { compose, seedDemoIfEmpty, type Services } from '../compose.js';
import { auditCommands } from './audit-commands.js';
import { issuanceCommands } from './issuance-commands.js';
import { registryCommands } from './registry-commands.js';
import { statusCommands } from './status-commands.js';
import { verifyCommands } from './verify-commands.js';

/**
 * For operator commands only (they open the database directly): the same services the server uses, run `fn`, and
 * always close the database. It refuses a public URL other than the one the database was created with.
 */
export type WithServices = <T>(fn: (s: Services) => Promise<T>) => Promise<T>;

const openServices =
  (publicUrl: 'record' | 'compare'): WithServices =>
  async (fn) => {
    const s = await compose(loadConfig(), { publicUrl });
    try {
      return await fn(s);
    } finally {
      await s.close();
    }
  };

const withServices = openServices('compare');

export function buildProgram(): Command {
  const program = new Command('avala')
    .description('Avala: competency certificates as verifiable credentials')
    .option('--public-url <url>', 'for commands that open the database: the public URL it serves (or AVALA_PUBLIC_URL)')
    .hook('preAction', (cmd) => {
      const url = cmd.opts<{ publicUrl?: string }>().publicUrl;
      if (url) process.env.AVALA_PUBLIC_URL = url;
    })
    .showHelpAfterError();

  program
    .command('init')
    .description('create the database, the keystore and the authority key (and demo data unless --no-demo)')
    .option('--no-demo', 'do not create demo data')
    .action(async (opts: { demo: boolean }) => {
      // A new database records the public URL it is created for; an existing one must be given the same.
      await openServices('record')(async (s) => {
        const seeded = opts.demo ? await seedDemoIfEmpty(s) : null;
        print(`database ${s.config.dbPath} ready; authority DID ${s.registry.authorityDid}`);
        if (seeded) print(`demo data created; ${seeded.length} demo staff API keys written beside the database`);
      });
    });

  program
    .command('serve')
    .description('run the HTTP service')
    .action(async () => {
      // Loaded here only: the other commands need no web server (nor its memory).
      const { start } = await import('../main.js');
      await start();
    });

  registryCommands(program, withServices);
  issuanceCommands(program);
  auditCommands(program, withServices);
  statusCommands(program);
  verifyCommands(program, withServices);
  return program;
}

export function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export const jsonOption = () => new Option('--json', 'print JSON');

async function main(): Promise<void> {
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (e) {
    if (e instanceof ServiceError) {
      process.stderr.write(`avala: ${e.message} (${e.code})\n`);
      process.exitCode = 2;
    } else if (e instanceof AppError) {
      process.stderr.write(`avala: ${e.message} (${e.code})\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`avala: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    }
  }
}

await main();
