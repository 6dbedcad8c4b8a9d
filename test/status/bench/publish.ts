/**
 * How long re-publishing a status list takes (read the bits, build, GZIP, sign in both mechanisms, store), for
 * lists of 131,072 and 1,048,576 entries, full, with 1% of their credentials revoked.
 * Run: npx tsx test/status/bench/publish.ts
 */
import crypto from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { compose, seedDemoIfEmpty } from '../../../src/main.js';
import { bitstringWith, createStatusListSigner, encodeBitstring, publishedLength, StatusService } from '../../../src/status/index.js';
import { sqliteStatusRepository } from '../../../src/storage/status-repository.js';
import { PUBLIC_URL, tempDir, testClock, testConfig } from '../../helpers/harness.js';

const clock = testClock();
const services = await compose(testConfig(tempDir('avala-bench-')), { clock });
await seedDemoIfEmpty(services, clock);
const bodies = await services.registry.listBodies();
const repo = sqliteStatusRepository(services.db);
const signer = createStatusListSigner({ registry: services.registry, keys: services.keys, documentLoader: services.documentLoader });
const db = services.db;

async function bench(size: number, body: string) {
  const status = new StatusService({ repo, signer, clock, randomInt: (n) => crypto.randomInt(n), newId: () => crypto.randomUUID(), publicUrl: PUBLIC_URL, options: { listSize: size } });
  let t = performance.now();
  const refs = [];
  for (let done = 0; done < size; done += 50_000) refs.push(...(await status.reserve(body, Math.min(50_000, size - done))));
  const reserveMs = performance.now() - t;
  const listId = refs[0]!.revocation.listId;

  // FIXTURE rows (SQL): 1% of the slots belong to revoked credentials.
  const revoked = refs.filter((_, i) => i % 100 === 0);
  db.transaction(() => {
    const cred = db.prepare("INSERT INTO credentials (id, body_id, kind, key_id, issued_at, valid_from, created_at) VALUES (?, ?, 'competency', 'k', ?, ?, ?)");
    const link = db.prepare('UPDATE status_entries SET credential_id = ?, bit = 1 WHERE list_id = ? AND idx = ?');
    const st = db.prepare("INSERT INTO credential_status (credential_id, state, reason, changed_at, changed_by) VALUES (?, 'revoked', 'fraud', ?, 'bench')");
    for (const r of revoked) {
      const id = `urn:uuid:${crypto.randomUUID()}`;
      cred.run(id, body, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
      link.run(id, r.revocation.listId, r.revocation.index);
      st.run(id, '2026-01-01T00:00:00Z');
    }
  })();

  await status.publishedList(listId, 'json'); // warm-up: contexts, key opened
  const rounds = 15;
  const total: number[] = [];
  for (let i = 0; i < rounds; i++) {
    db.prepare('UPDATE status_lists SET version = version + 1 WHERE id = ?').run(listId); // as a change would
    t = performance.now();
    await status.publishedList(listId, 'json');
    total.push(performance.now() - t);
  }
  t = performance.now();
  for (let i = 0; i < 100; i++) await status.publishedList(listId, 'json');
  const cachedMs = (performance.now() - t) / 100;

  // The parts, to see where the time goes.
  t = performance.now();
  const snap = (await repo.listBits(listId))!;
  const readMs = performance.now() - t;
  t = performance.now();
  const encoded = encodeBitstring(bitstringWith(publishedLength(size), snap.setIndexes));
  const encodeMs = performance.now() - t;

  const median = [...total].sort((a, b) => a - b)[Math.floor(rounds / 2)]!;
  console.log(
    `${size.toLocaleString('en')} entries, ${snap.setIndexes.length.toLocaleString('en')} revoked: re-publish median ${median.toFixed(1)} ms ` +
      `(min ${Math.min(...total).toFixed(1)}, max ${Math.max(...total).toFixed(1)}); read bits ${readMs.toFixed(1)} ms, build+gzip ${encodeMs.toFixed(1)} ms, ` +
      `encodedList ${encoded.length.toLocaleString('en')} chars; cached read ${cachedMs.toFixed(2)} ms; reserving all ${(reserveMs / 1000).toFixed(1)} s`,
  );
}

await bench(131_072, bodies[0]!.id);
await bench(1_048_576, bodies[1]!.id);
services.close();
