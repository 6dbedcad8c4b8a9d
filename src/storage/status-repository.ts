import type {
  ChangeResult,
  CredentialFacts,
  CredentialStatusRefs,
  PublishedList,
  RenewalDue,
  ReservedSlot,
  RevocationReason,
  StatusEvent,
  StatusList,
  StatusPurpose,
  StatusRecord,
  StatusRepository,
  StatusWrites,
  StoredState,
  EntryRow,
} from '../status/index.js';
import { checkLink, familyRoot, planInheritance, renewalChain, replacesPublished } from '../status/index.js';
import type { Journal } from '../journal.js';
import type { Db } from './database.js';
import { oneRow, prepared } from './statements.js';

type Row = Record<string, unknown>;

const list = (r: Row): StatusList => ({
  id: r.id as string,
  bodyId: r.body_id as string,
  purpose: r.purpose as StatusPurpose,
  size: r.size as number,
  used: r.used as number,
  state: r.state as StatusList['state'],
  version: r.version as number,
  createdAt: r.created_at as string,
});

const facts = (r: Row): CredentialFacts => ({
  id: r.id as string,
  bodyId: r.body_id as string,
  kind: r.kind as CredentialFacts['kind'],
  parentId: (r.parent_id as string) ?? null,
  renewsId: (r.renews_id as string) ?? null,
  validFrom: r.valid_from as string,
  validUntil: (r.valid_until as string) ?? null,
});

const record = (r: Row): StatusRecord => ({
  state: r.state as StoredState,
  reason: (r.reason as RevocationReason) ?? null,
  note: (r.note as string) ?? null,
  changedAt: r.changed_at as string,
  changedBy: r.changed_by as string,
});

const event = (r: Row): StatusEvent => ({
  at: r.at as string,
  action: r.action as StatusEvent['action'],
  from: r.from_state as StoredState,
  to: r.to_state as StoredState,
  reason: (r.reason as RevocationReason) ?? null,
  note: (r.note as string) ?? null,
  actor: r.actor as string,
});

const published = (r: Row): PublishedList => ({
  listId: r.list_id as string,
  version: r.version as number,
  validFrom: r.valid_from as string,
  validUntil: r.valid_until as string,
  json: JSON.parse(r.json as string) as object,
  jwt: r.jwt as string,
  etagJson: r.etag_json as string,
  etagJwt: r.etag_jwt as string,
});

/** Statements prepared once per connection, shared by the repository and `linkStatusEntries`. */
function prepareStatements(db: Db) {
  return {
    openList: prepared(db, "SELECT * FROM status_lists WHERE body_id = ? AND purpose = ? AND state = 'open'"),
    insertList: prepared(db, "INSERT INTO status_lists (id, body_id, purpose, size, used, state, version, created_at) VALUES (?, ?, ?, ?, 0, 'open', 1, ?)"),
    isTaken: db.prepare('SELECT 1 FROM status_entries WHERE list_id = ? AND idx = ?').pluck(),
    takenIndexes: db.prepare('SELECT idx FROM status_entries WHERE list_id = ?').pluck(),
    insertEntry: prepared(db, 'INSERT INTO status_entries (list_id, idx, credential_id, reserved_at) VALUES (?, ?, NULL, ?)'),
    setUsed: prepared(db, "UPDATE status_lists SET used = ?, state = CASE WHEN ? >= size THEN 'full' ELSE 'open' END WHERE id = ?"),
    slot: prepared(db, 'SELECT e.credential_id, l.body_id, l.purpose FROM status_entries e JOIN status_lists l ON l.id = e.list_id WHERE e.list_id = ? AND e.idx = ?'),
    // `credential_id IS NULL` again, so a slot is never linked twice whatever the checks upstream.
    link: prepared(db, 'UPDATE status_entries SET credential_id = @credentialId WHERE list_id = @listId AND idx = @index AND credential_id IS NULL'),
    credential: prepared(db, 'SELECT id, body_id, kind, parent_id, renews_id, valid_from, valid_until FROM credentials WHERE id = ?'),
    status: prepared(db, 'SELECT * FROM credential_status WHERE credential_id = ?'),
    upsertStatus: prepared(
      db,
      `INSERT INTO credential_status (credential_id, state, reason, note, changed_at, changed_by) VALUES (@credentialId, @state, @reason, @note, @at, @actor)
       ON CONFLICT (credential_id) DO UPDATE SET state = excluded.state, reason = excluded.reason, note = excluded.note, changed_at = excluded.changed_at, changed_by = excluded.changed_by`,
    ),
    insertEvent: prepared(
      db,
      `INSERT INTO credential_status_events (credential_id, at, action, from_state, to_state, reason, note, actor)
       VALUES (@credentialId, @at, @action, @from, @to, @reason, @note, @actor)`,
    ),
    entriesOf: prepared(
      db,
      'SELECT e.list_id, e.idx, l.purpose, l.version FROM status_entries e JOIN status_lists l ON l.id = e.list_id WHERE e.credential_id = ? ORDER BY e.list_id, e.idx',
    ),
    setBitAt: prepared(db, 'UPDATE status_entries SET bit = @bit WHERE list_id = @listId AND idx = @index'),
    // The plan's version is the one read in this transaction plus one; anything else is a bug, refused loudly.
    setVersion: prepared(db, 'UPDATE status_lists SET version = @version WHERE id = @listId AND version = @version - 1'),
  };
}

type Stmts = ReturnType<typeof prepareStatements>;
const cache = new WeakMap<Db, Stmts>();

function statements(db: Db): Stmts {
  let s = cache.get(db);
  if (!s) {
    s = prepareStatements(db);
    cache.set(db, s);
  }
  return s;
}

/** The status slots a credential holds, with their lists' current versions: what a plan needs to flip its bits. */
function entriesOf(s: Stmts, credentialId: string): EntryRow[] {
  return (s.entriesOf.all(credentialId) as Row[]).map((r) => ({
    listId: r.list_id as string,
    index: r.idx as number,
    purpose: r.purpose as StatusPurpose,
    listVersion: r.version as number,
  }));
}

const parentOf = (s: Stmts) => (id: string): string | null => ((s.credential.get(id) as Row | undefined)?.parent_id as string | null | undefined) ?? null;

/**
 * Writes a status plan as it is, inside the caller's transaction: the status rows, their history, the bits and
 * the lists' new versions, so the next published list has the change (promise 7).
 */
function applyWrites(s: Stmts, w: StatusWrites): void {
  for (const r of w.statuses) s.upsertStatus.run(r);
  for (const e of w.events) s.insertEvent.run(e);
  for (const b of w.bits) {
    if (s.setBitAt.run({ bit: b.bit ? 1 : 0, listId: b.listId, index: b.index }).changes !== 1) throw new TypeError(`status entry ${b.listId}#${b.index} does not exist`);
  }
  for (const v of w.bumps) {
    if (s.setVersion.run(v).changes !== 1) throw new TypeError(`status list ${v.listId} is not at version ${v.version - 1} any more: the plan was made from stale rows`);
  }
}

/**
 * Links reserved status slots to the credential that now carries them. SYNC, so the issuance repository can call
 * it inside the transaction that stores the credential: both land or neither. A wallet copy of a certificate that
 * is already suspended or revoked takes on that state at once, since a change always covers the whole family.
 */
export function linkStatusEntries(
  db: Db,
  credentialId: string,
  refs: CredentialStatusRefs | ReadonlyArray<{ listId: string; index: number; purpose?: StatusPurpose }>,
): void {
  const s = statements(db);
  const slots = Array.isArray(refs) ? refs : [(refs as CredentialStatusRefs).revocation, (refs as CredentialStatusRefs).suspension];
  db.transaction(() => {
    const c = s.credential.get(credentialId) as Row | undefined;
    const credential = c ? { id: credentialId, bodyId: c.body_id as string } : null;
    for (const r of slots) {
      const row = s.slot.get(r.listId, r.index) as Row | undefined;
      const slot = { listId: r.listId, index: r.index, list: row ? { bodyId: row.body_id as string, purpose: row.purpose as StatusPurpose } : null, linkedTo: (row?.credential_id as string | null | undefined) ?? null };
      checkLink(credential, slot, r.purpose ?? null);
      if (s.link.run({ credentialId, listId: r.listId, index: r.index }).changes !== 1) throw new TypeError(`status slot ${r.listId}#${r.index} is already linked`);
    }
    const parentId = c ? ((c.parent_id as string | null) ?? null) : null;
    const parent = parentId ? (s.status.get(parentId) as Row | undefined) : undefined;
    applyWrites(s, planInheritance({ credentialId, parentId, parent: parent ? record(parent) : null, entries: parentId ? entriesOf(s, credentialId) : [] }));
  })();
}

/** `journal` records each status change in the transaction that makes it (see `Journal`). */
export function sqliteStatusRepository(db: Db, journal: Journal): StatusRepository {
  const s = statements(db);
  const listById = prepared(db, 'SELECT * FROM status_lists WHERE id = ?');
  // Served by the partial index status_entries_set: proportional to the set bits, not to the list's size.
  const setBits = db.prepare('SELECT idx FROM status_entries WHERE list_id = ? AND bit = 1').pluck();
  const historyOf = prepared(db, 'SELECT * FROM credential_status_events WHERE credential_id = ? ORDER BY seq');
  const renewalsOf = prepared(db, "SELECT c.id, c.renews_id, COALESCE(cs.state, 'active') AS state FROM credentials c LEFT JOIN credential_status cs ON cs.credential_id = c.id WHERE c.renews_id = ? ORDER BY c.issued_at, c.id");
  const familyOf = prepared(
    db,
    `WITH RECURSIVE fam(id) AS (SELECT ? UNION SELECT c.id FROM credentials c JOIN fam ON c.parent_id = fam.id)
     SELECT fam.id, COALESCE(cs.state, 'active') AS state FROM fam LEFT JOIN credential_status cs ON cs.credential_id = fam.id`,
  );

  const reserveTx = db.transaction((req: Parameters<StatusRepository['reserve']>[0]) => {
    const out = {} as Record<StatusPurpose, ReservedSlot[]>;
    for (const purpose of req.purposes) {
      const slots: ReservedSlot[] = [];
      while (slots.length < req.count) {
        let row = s.openList.get(req.bodyId, purpose) as Row | undefined;
        if (!row) {
          const id = req.newListId();
          s.insertList.run(id, req.bodyId, purpose, req.listSize, req.at);
          row = listById.get(id) as Row;
        }
        const l = list(row);
        const n = Math.min(req.count - slots.length, l.size - l.used);
        const picked = req.pick(
          { size: l.size, used: l.used, isTaken: (i) => s.isTaken.get(l.id, i) !== undefined, takenIndexes: () => s.takenIndexes.all(l.id) as number[] },
          n,
        );
        // Inserted in index order (B-tree locality) but handed out in the picker's random order, so the order of
        // credentials in a batch says nothing about their indexes. A plain INSERT: a taken index fails loudly.
        for (const idx of [...picked].sort((a, b) => a - b)) s.insertEntry.run(l.id, idx, req.at);
        for (const idx of picked) slots.push({ listId: l.id, index: idx, purpose });
        s.setUsed.run(l.used + picked.length, l.used + picked.length, l.id);
      }
      out[purpose] = slots;
    }
    return out;
  });

  const changeTx = db.transaction((req: Parameters<StatusRepository['applyChange']>[0]): { result: ChangeResult; afterCommit: () => void } | null => {
    if (!s.credential.get(req.credentialId)) return null;
    const own = s.status.get(req.credentialId) as Row | undefined;
    const members = (familyOf.all(familyRoot(req.credentialId, parentOf(s))) as Row[]).map((m) => ({
      id: m.id as string,
      state: m.state as StoredState,
      entries: entriesOf(s, m.id as string),
    }));
    const plan = req.plan({ credentialId: req.credentialId, own: own ? (own.state as StoredState) : 'active', members });
    applyWrites(s, plan);
    return { result: { change: plan.change, changed: plan.changed, lists: plan.lists }, afterCommit: journal(plan.audit) };
  });

  const snapshotTx = db.transaction((id: string) => {
    const c = s.credential.get(id) as Row | undefined;
    if (!c) return null;
    const f = facts(c);
    const own = s.status.get(id) as Row | undefined;
    // The renewal chain belongs to the certificate; a wallet copy reads its parent's.
    const { renews, renewedBy } = renewalChain(familyRoot(id, parentOf(s)), {
      renewsOf: (c) => ((s.credential.get(c) as Row | undefined)?.renews_id as string | null | undefined) ?? null,
      renewalsOf: (c) => (renewalsOf.all(c) as Row[]).map((r) => ({ id: r.id as string, state: r.state as StoredState, renewsId: r.renews_id as string })),
    });
    return { facts: f, record: own ? record(own) : null, history: (historyOf.all(id) as Row[]).map(event), renews, renewedBy };
  });

  const listBitsTx = db.transaction((listId: string) => {
    const row = listById.get(listId) as Row | undefined;
    if (!row) return null;
    const l = list(row);
    return { list: l, setIndexes: setBits.all(listId) as number[] };
  });

  const savePublishedTx = db.transaction((p: PublishedList): PublishedList => {
    const cur = prepared(db, 'SELECT * FROM status_list_published WHERE list_id = ?').get(p.listId) as Row | undefined;
    const kept = cur ? published(cur) : null;
    if (kept && !replacesPublished(kept, p)) return kept;
    prepared(
      db,
      `INSERT INTO status_list_published (list_id, version, valid_from, valid_until, json, jwt, etag_json, etag_jwt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (list_id) DO UPDATE SET version = excluded.version, valid_from = excluded.valid_from, valid_until = excluded.valid_until,
         json = excluded.json, jwt = excluded.jwt, etag_json = excluded.etag_json, etag_jwt = excluded.etag_jwt`,
    ).run(p.listId, p.version, p.validFrom, p.validUntil, JSON.stringify(p.json), p.jwt, p.etagJson, p.etagJwt);
    return p;
  });

  return {
    async reserve(req) {
      // IMMEDIATE: the write lock is taken before the first read, so no other process picks from the same state.
      return reserveTx.immediate(req);
    },
    async applyChange(req) {
      const r = changeTx.immediate(req);
      if (!r) throw new TypeError(`applyChange: credential ${req.credentialId} does not exist`);
      r.afterCommit();
      return r.result;
    },
    async credentialFacts(id) {
      const r = s.credential.get(id) as Row | undefined;
      return r ? facts(r) : null;
    },
    async snapshot(id) {
      return snapshotTx(id);
    },
    async dueForRenewal(bodyId, from, until, limit) {
      // The string range uses the (body_id, valid_until) index; a day of slack on each side covers offsets and
      // precision, and julianday() then compares the instants exactly.
      const loose = (iso: string, days: number) => new Date(Date.parse(iso) + days * 86_400_000).toISOString().slice(0, 10);
      const rows = db
        .prepare(
          `SELECT c.id, c.kind, c.standard_id, c.holder_name, c.valid_until, COALESCE(cs.state, 'active') AS state
           FROM credentials c LEFT JOIN credential_status cs ON cs.credential_id = c.id
           WHERE c.body_id = @bodyId AND c.kind <> 'wallet-copy'
             AND c.valid_until >= @fromLoose AND c.valid_until <= @untilLoose
             AND julianday(c.valid_until) BETWEEN julianday(@from) AND julianday(@until)
             AND COALESCE(cs.state, 'active') <> 'revoked'
             AND NOT EXISTS (SELECT 1 FROM credentials r LEFT JOIN credential_status rs ON rs.credential_id = r.id
                             WHERE r.renews_id = c.id AND COALESCE(rs.state, 'active') <> 'revoked')
           ORDER BY julianday(c.valid_until), c.id
           LIMIT @limit`,
        )
        .all({ bodyId, from, until, fromLoose: loose(from, -1), untilLoose: `${loose(until, 1)}~`, limit }) as Row[];
      return rows.map((r) => ({
        credentialId: r.id as string,
        kind: r.kind as RenewalDue['kind'],
        standardId: (r.standard_id as string) ?? null,
        holderName: (r.holder_name as string) ?? null,
        validUntil: r.valid_until as string,
        state: r.state as RenewalDue['state'],
      }));
    },
    async getList(id) {
      const r = listById.get(id) as Row | undefined;
      return r ? list(r) : null;
    },
    async listBits(id) {
      // A read transaction: in WAL mode it sees one snapshot, so the version read matches the bits read.
      return listBitsTx(id);
    },
    async getPublished(id) {
      return oneRow(db, 'SELECT * FROM status_list_published WHERE list_id = ?', published, id);
    },
    async savePublished(p) {
      return savePublishedTx.immediate(p);
    },
    async bodyDid(bodyId) {
      return (prepared(db, 'SELECT did FROM bodies WHERE id = ?').pluck().get(bodyId) as string | undefined) ?? null;
    },
  };
}
