import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { AppError } from '../errors.js';
import { ServiceError } from './client.js';
import { loadConfig } from '../config.js';
import { compose, seedDemoIfEmpty } from '../compose.js';
import { print, type WithServices } from './common.js';
import { auditCommands } from './audit-commands.js';
import { issuanceCommands } from './issuance-commands.js';
import { registryCommands } from './registry-commands.js';
import { outboxCommands } from './outbox-commands.js';
import { staffCommands } from './staff-commands.js';
import { statusCommands } from './status-commands.js';
import { verifyCommands } from './verify-commands.js';
import { backupDatabase } from '../storage/index.js';

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

  const contextUrl = program.command('context-url').description("the URL new credentials name Avala's JSON-LD context by (AVALA_CONTEXT_URL; see docs/contexts.md)");
  contextUrl
    .command('show')
    .description('the URL new credentials name, and every URL served and verified as the same file')
    .action(async () =>
      withServices(async (s) => {
        print(`new credentials name ${s.contexts.url}`);
        for (const u of s.contexts.urls.slice(1)) print(`also served and verified: ${u}`);
      }),
    );
  contextUrl
    .command('adopt')
    .description('record the configured AVALA_CONTEXT_URL as the one new credentials name; the one recorded before stays served and verified')
    .action(async () => {
      const s = await compose(loadConfig(), { publicUrl: 'compare', contextUrl: 'adopt' });
      try {
        print(`new credentials name ${s.contexts.url}`);
        for (const u of s.contexts.urls.slice(1)) print(`also served and verified: ${u}`);
      } finally {
        await s.close();
      }
    });

  program
    .command('backup <file>')
    .description('copy the database to FILE while the service runs (one consistent snapshot, checked, then renamed into place)')
    .option('--force', 'replace FILE if it exists')
    .action(async (file: string, o: { force?: boolean }) => {
      const config = loadConfig();
      const r = await backupDatabase(config.dbPath, file, { overwrite: o.force === true });
      print(`backed up ${config.dbPath} to ${r.file}: ${r.pages} pages, ${r.bytes} bytes, schema ${r.schemaVersion}, ${r.auditEntries} audit entries (integrity ok)`);
      print(`also keep ${config.keysDir} (the sealed signing keys) and AVALA_MASTER_KEY (not in any file here): a restore needs all three`);
    });

  registryCommands(program, withServices);
  issuanceCommands(program);
  auditCommands(program, withServices);
  statusCommands(program);
  outboxCommands(program, withServices);
  staffCommands(program, withServices);
  verifyCommands(program, withServices);
  return program;
}

/** Runs the CLI on `argv`. A failure is thrown; the caller turns it into an exit code with `reportFailure`. */
export async function main(argv: readonly string[] = process.argv): Promise<void> {
  await buildProgram().parseAsync([...argv]);
}

/** Writes a failed command's message to stderr; returns its exit code: 2 for a refusal with a code, 1 otherwise. */
export function reportFailure(e: unknown): number {
  if (e instanceof ServiceError || e instanceof AppError) {
    process.stderr.write(`avala: ${e.message} (${e.code})\n`);
    return 2;
  }
  process.stderr.write(`avala: ${e instanceof Error ? e.message : String(e)}\n`);
  return 1;
}

// Run when this file is the entry (`tsx src/cli/main.ts`); bin/avala.js imports it and calls main() itself.
const entry = process.argv[1];
if (entry && fs.existsSync(entry) && import.meta.url === pathToFileURL(fs.realpathSync(path.resolve(entry))).href) {
  main().catch((e: unknown) => {
    process.exitCode = reportFailure(e);
  });
}
