import type { Command } from 'commander';
import { jsonOption, print, printJson, type WithServices } from './common.js';

/** `avala audit …`: the hash-chained log, checked end to end. */
export function auditCommands(program: Command, withServices: WithServices): void {
  const audit = program.command('audit').description('the append-only, hash-chained audit log');

  audit
    .command('verify')
    .description('check every entry against the one before; names the first broken entry; exit 1 when broken')
    .option('--anchor <seq:hash>', 'a head recorded elsewhere earlier: also catches a rewritten or cut-off end')
    .addOption(jsonOption())
    .action((o: { anchor?: string; json?: boolean }) =>
      withServices(async (s) => {
        const anchor = o.anchor ? parseAnchor(o.anchor) : undefined;
        const r = await s.audit.verify(anchor ? { anchor } : {});
        if (o.json) printJson(r);
        else if (r.ok) print(`audit log intact: ${r.count} entries${r.head ? `; head ${r.head.seq}:${r.head.hash}` : ''}`);
        else print(`audit log BROKEN at entry ${r.firstBroken} (${r.reason}): ${r.message}; ${r.count} entries checked before it`);
        if (!r.ok) process.exitCode = 1;
      }),
    );

  audit
    .command('list')
    .option('--body <slug>')
    .option('--action <action>')
    .option('--limit <n>', 'entries', '50')
    .addOption(jsonOption())
    .action((o: { body?: string; action?: string; limit: string; json?: boolean }) =>
      withServices(async (s) => {
        const bodyId = o.body ? (await s.registry.resolveBody(o.body)).id : undefined;
        const entries = await s.audit.list({ bodyId, action: o.action, limit: Number(o.limit) });
        if (o.json) return printJson(entries);
        for (const e of entries) print(`${e.seq} ${e.at} ${e.action} ${e.outcome} actor=${e.actor} subject=${e.subject}${e.requestId ? ` request=${e.requestId}` : ''}`);
      }),
    );
}

function parseAnchor(text: string): { seq: number; hash: string } {
  const m = /^(\d+):([0-9a-f]{64})$/.exec(text);
  if (!m) throw new Error('--anchor must look like 123:<64 hex characters>');
  return { seq: Number(m[1]), hash: m[2]! };
}
