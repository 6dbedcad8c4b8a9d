import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export interface BackupResult {
  file: string;
  bytes: number;
  pages: number;
  /** The newest migration in the copy, and its audit entries: what `avala audit verify` will walk after a restore. */
  schemaVersion: number;
  auditEntries: number;
}

/**
 * Copies the live database to `target` with SQLite's online backup API while the service keeps writing: all pages
 * in ONE step, so the copy is one consistent snapshot (stepping page by page would restart on every write the
 * service makes). The copy is written beside the target, checked (`integrity_check`), flushed to disk and only then
 * renamed into place, so a crash leaves either no backup or a whole one. Opens the database read-only: it never
 * takes the write lock the service needs.
 */
export async function backupDatabase(dbPath: string, target: string, opts: { overwrite?: boolean } = {}): Promise<BackupResult> {
  const source = fs.realpathSync(dbPath);
  const dest = path.resolve(target);
  const destReal = fs.existsSync(dest) ? fs.realpathSync(dest) : dest;
  if ([source, `${source}-wal`, `${source}-shm`].includes(destReal)) throw new TypeError(`${target} is the live database itself: back up to another file`);
  if (fs.existsSync(dest) && !opts.overwrite) throw new TypeError(`${target} exists; choose another file or pass --force to replace it`);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const part = `${dest}.part-${process.pid}`;
  fs.rmSync(part, { force: true });
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    // better-sqlite3's first step only opens the backup; the number returned here is the size of the next: all of it.
    const progress = await db.backup(part, { progress: () => 0x7fffffff });
    // The copy is one file: out of WAL mode, so no -wal or -shm beside it (nor under its temporary name).
    const copy = new Database(part);
    copy.pragma('journal_mode = DELETE');
    let checked: { schemaVersion: number; auditEntries: number };
    try {
      const integrity = copy.pragma('integrity_check', { simple: true });
      if (integrity !== 'ok') throw new Error(`the copy failed SQLite's integrity check: ${String(integrity)}`);
      checked = {
        schemaVersion: copy.prepare('SELECT coalesce(max(version), 0) FROM schema_migrations').pluck().get() as number,
        auditEntries: copy.prepare('SELECT count(*) FROM audit_log').pluck().get() as number,
      };
    } finally {
      copy.close();
    }
    const fd = fs.openSync(part, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(part, dest);
    const dir = fs.openSync(path.dirname(dest), 'r');
    try {
      fs.fsyncSync(dir);
    } finally {
      fs.closeSync(dir);
    }
    return { file: dest, bytes: fs.statSync(dest).size, pages: progress.totalPages, ...checked };
  } catch (e) {
    fs.rmSync(part, { force: true });
    throw e;
  } finally {
    db.close();
  }
}
