import fs from 'node:fs';
import path from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { AppError } from '../errors.js';
import type { StaffActor } from '../issuance/index.js';
import type { Services } from '../compose.js';
import { jsonOption, print, printJson, type WithServices } from './main.js';

/** The CLI acts as the staff member whose API key it is given, exactly as the HTTP API would. */
async function actorFrom(s: Services, key: string | undefined): Promise<StaffActor> {
  const token = key ?? process.env.AVALA_API_KEY;
  if (!token) throw new AppError('ERR_UNAUTHENTICATED', 'Give a staff API key with --key or AVALA_API_KEY');
  const who = await s.registry.authenticateStaff(token);
  if (!who) throw new AppError('ERR_UNAUTHENTICATED', 'That API key is not valid');
  return { staffId: who.staff.id, bodyId: who.body.id, roles: who.staff.roles };
}

function bar(label: string, quiet: boolean) {
  if (quiet || !process.stderr.isTTY) {
    // No terminal (CI, a pipe): a plain line every few seconds instead of a redrawn bar.
    let last = 0;
    return {
      start: (_total: number) => {},
      update: (n: number, total: number) => {
        const now = Date.now();
        if (!quiet && now - last > 2000) {
          last = now;
          process.stderr.write(`${label}: ${n}${total ? ` / ${total}` : ''}\n`);
        }
      },
      stop: () => {},
    };
  }
  const b = new cliProgress.SingleBar({ format: `${label} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left`, stream: process.stderr }, cliProgress.Presets.shades_classic);
  return {
    start: (total: number) => b.start(total, 0),
    update: (n: number, total: number) => {
      if (total) b.setTotal(total);
      b.update(n);
    },
    stop: () => b.stop(),
  };
}

function countLines(file: string): number {
  // One pass over the file to size the progress bar; the import itself streams.
  let n = 0;
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.alloc(1 << 16);
  for (let r = fs.readSync(fd, buf); r > 0; r = fs.readSync(fd, buf)) for (let i = 0; i < r; i += 1) if (buf[i] === 10) n += 1;
  fs.closeSync(fd);
  return Math.max(0, n - 1);
}

export function issuanceCommands(program: Command, withServices: WithServices): void {
  const batch = program.command('batch').description('batches of evaluations from a CSV (see the README for the columns)');

  batch
    .command('import <file>')
    .description('an evaluator imports a CSV; bad rows are reported by line and the others go on; re-running imports nothing twice')
    .option('--name <name>', 'batch name (default: the file name); the same name resumes the batch')
    .option('--key <apiKey>', "the evaluator's API key (or AVALA_API_KEY)")
    .option('--quiet', 'no progress output')
    .addOption(jsonOption())
    .action((file: string, o: { name?: string; key?: string; quiet?: boolean; json?: boolean }) =>
      withServices(async (s) => {
        const actor = await actorFrom(s, o.key);
        const total = countLines(file);
        const progress = bar('importing', !!o.quiet || !!o.json);
        progress.start(total);
        const report = await s.batches.importCsv(actor, fs.createReadStream(file), o.name ?? path.basename(file), (n) => progress.update(n, total));
        progress.stop();
        if (o.json) return printJson(report);
        print(`batch ${report.batch.id} "${report.batch.fileName}": ${report.batch.rowsTotal} rows, ${report.imported} imported, ${report.alreadyImported} already imported, ${report.batch.rowsBad} rejected`);
        for (const e of report.errors) print(`  line ${e.line}${e.externalId ? ` (${e.externalId})` : ''}: ${e.code} ${e.message}`);
        if (report.errorsTruncated) print('  … more rejected rows: see `avala batch show`');
      }),
    );

  batch
    .command('certify <batch>')
    .description('a certifier (not the evaluator) issues the credentials of every pending evaluation; safe to re-run after a crash')
    .option('--key <apiKey>', "the certifier's API key (or AVALA_API_KEY)")
    .option('--quiet', 'no progress output')
    .addOption(jsonOption())
    .action((ref: string, o: { key?: string; quiet?: boolean; json?: boolean }) =>
      withServices(async (s) => {
        const actor = await actorFrom(s, o.key);
        const found = (await s.batches.findBatch(actor, ref)) ?? (await s.batches.getBatch(actor, ref));
        const progress = bar('certifying', !!o.quiet || !!o.json);
        const pending = found.rowsTotal - found.rowsBad - found.rowsIssued;
        progress.start(pending);
        const started = Date.now();
        const r = await s.batches.certify(actor, found.id, (n) => progress.update(n, pending));
        progress.stop();
        if (o.json) return printJson(r);
        const secs = (Date.now() - started) / 1000;
        print(`batch ${r.batch.id}: ${r.issued} credentials issued now (${r.batch.rowsIssued} in all) in ${secs.toFixed(1)} s${r.issued ? `, ${(r.issued / secs).toFixed(0)}/s` : ''}; ${r.refused.length} refused`);
        for (const e of r.refused) print(`  ${e.externalId ?? ''}: ${e.code} ${e.message}`);
      }),
    );

  batch
    .command('show <batch>')
    .option('--key <apiKey>', 'a staff API key of the body (or AVALA_API_KEY)')
    .addOption(jsonOption())
    .action((ref: string, o: { key?: string; json?: boolean }) =>
      withServices(async (s) => {
        const actor = await actorFrom(s, o.key);
        const b = (await s.batches.findBatch(actor, ref)) ?? (await s.batches.getBatch(actor, ref));
        const errors = await s.batches.errors(actor, b.id);
        if (o.json) return printJson({ batch: b, errors });
        print(`batch ${b.id} "${b.fileName}" ${b.state}: ${b.rowsTotal} rows, ${b.rowsBad} rejected, ${b.rowsIssued} issued`);
        for (const e of errors) print(`  line ${e.line}${e.externalId ? ` (${e.externalId})` : ''}: ${e.code} ${e.message}`);
      }),
    );
}
