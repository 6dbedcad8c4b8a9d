import { afterEach, beforeEach, expect, it } from 'vitest';
import path from 'node:path';
import { AuditService } from '../../src/audit/index.js';
import { openDatabase, sqliteAuditRepository, sqliteRegistryRepository, type Db } from '../../src/storage/index.js';
import { tempDir, testClock } from '../helpers/config.js';

let db: Db;
let audit: AuditService;
const lines: string[] = [];

beforeEach(() => {
  db = openDatabase(path.join(tempDir(), 'avala.db'));
  audit = new AuditService({ repo: sqliteAuditRepository(db), clock: testClock(), log: (l) => lines.push(l) });
  lines.length = 0;
});
afterEach(() => db.close());

it('commits a registry change with its audit entry, or neither when the entry cannot be written', async () => {
  const repo = sqliteRegistryRepository(db, (es) => audit.appendWithinTransaction(es));
  const committee = (id: string) => ({ id, name: `Comité ${id}`, sector: 'Turismo', region: null, createdAt: '2026-06-01T12:00:00.000Z' });

  await repo.insertCommittee(committee('c-1'), { action: 'committee.created', actor: 'authority', subject: 'c-1' });
  // an action name the audit log refuses makes its append throw inside the transaction: the change rolls back
  await expect(repo.insertCommittee(committee('c-2'), { action: 'Not An Action', actor: 'authority', subject: 'c-2' })).rejects.toThrow(TypeError);

  expect((await repo.listCommittees()).map((c) => c.id)).toEqual(['c-1']);
  expect((await audit.list({ limit: 10 })).map((e) => [e.action, e.subject])).toEqual([['committee.created', 'c-1']]);
  expect(lines).toHaveLength(1);
  expect((await audit.verify()).ok).toBe(true);
});
