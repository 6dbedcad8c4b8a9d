/**
 * A separate process that reserves status slots in a shared database file, for the concurrency test.
 * argv: <db file> <body id> <credentials> <per call> <start at (epoch ms)> <out file>
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { StatusService } from '../../../src/status/index.js';
import { openDatabase } from '../../../src/storage/database.js';
import { sqliteStatusRepository } from '../../../src/storage/status-repository.js';

const [file, bodyId, totalArg, perCallArg, startArg, out] = process.argv.slice(2);
const total = Number(totalArg);
const perCall = Number(perCallArg);
const db = openDatabase(file!);
const status = new StatusService({
  repo: sqliteStatusRepository(db, () => () => {}), // changes no status: nothing to journal
  signer: { sign: async () => { throw new Error('not used'); } },
  clock: () => new Date(),
  randomInt: (n) => crypto.randomInt(n),
  newId: () => crypto.randomUUID(),
  publicUrl: 'https://avala.test',
});

// Both workers start at the same instant, so their transactions interleave.
while (Date.now() < Number(startArg)) await new Promise((r) => setTimeout(r, 5));
const slots: string[] = [];
const began = Date.now();
for (let done = 0; done < total; done += perCall) {
  for (const r of await status.reserve(bodyId!, Math.min(perCall, total - done))) {
    slots.push(`${r.revocation.listId}#${r.revocation.index}`, `${r.suspension.listId}#${r.suspension.index}`);
  }
}
fs.writeFileSync(out!, JSON.stringify({ slots, began, ended: Date.now() }));
db.close();
