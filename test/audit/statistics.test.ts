import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildStatistics, publicStatistics, type BodyInfo, type StandardInfo } from '../../src/audit/index.js';
import { sqliteIssuanceCounts } from '../../src/storage/audit-repository.js';
import { openDatabase } from '../../src/storage/database.js';

const standards: StandardInfo[] = [
  { id: 's1', code: 'EC0217', version: 1, title: 'Impartición de cursos', sector: 'Educación', state: 'published' },
  { id: 's2', code: 'EC0301', version: 1, title: 'Diseño de cursos', sector: 'Educación', state: 'published' },
  { id: 's3', code: 'EC0076', version: 2, title: 'Evaluación', sector: 'Servicios', state: 'published' },
  { id: 's4', code: 'EC0999', version: 1, title: 'Borrador', sector: 'Servicios', state: 'draft' },
];
const bodies: BodyInfo[] = [
  { id: 'b1', slug: 'unam', name: 'UNAM', kind: 'university' },
  { id: 'b2', slug: 'conalep', name: 'CONALEP', kind: 'school' },
];
const at = new Date('2026-06-01T12:00:00.000Z');

describe('public statistics', () => {
  it('counts certificates per standard, sector, body and month, and lists published standards nobody certifies', () => {
    const stats = buildStatistics({
      counts: [
        { standardId: 's1', bodyId: 'b1', month: '2026-04', count: 5 },
        { standardId: 's1', bodyId: 'b2', month: '2026-05', count: 2 },
        { standardId: 's3', bodyId: 'b2', month: '2026-05', count: 7 },
      ],
      standards,
      bodies,
      generatedAt: at,
    });
    expect(stats).toEqual({
      generatedAt: '2026-06-01T12:00:00.000Z',
      total: 14,
      // Ties are broken by code, so the document is the same on every run.
      byStandard: [
        { standardId: 's3', code: 'EC0076', version: 2, title: 'Evaluación', sector: 'Servicios', count: 7 },
        { standardId: 's1', code: 'EC0217', version: 1, title: 'Impartición de cursos', sector: 'Educación', count: 7 },
      ],
      bySector: [
        { sector: 'Educación', count: 7 },
        { sector: 'Servicios', count: 7 },
      ],
      byBody: [
        { bodyId: 'b2', slug: 'conalep', name: 'CONALEP', kind: 'school', count: 9 },
        { bodyId: 'b1', slug: 'unam', name: 'UNAM', kind: 'university', count: 5 },
      ],
      byMonth: [
        { month: '2026-04', count: 5 },
        { month: '2026-05', count: 9 },
      ],
      uncertifiedStandards: [{ standardId: 's2', code: 'EC0301', version: 1, title: 'Diseño de cursos', sector: 'Educación' }],
    });
  });

  it('groups issued competency certificates in SQL, leaving out wallet copies', async () => {
    const db = openDatabase(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'avala-stats-')), 'avala.db'));
    try {
      db.pragma('foreign_keys = OFF'); // only the credentials table matters here
      const ins = db.prepare("INSERT INTO credentials (id, body_id, kind, standard_id, key_id, issued_at, valid_from, created_at) VALUES (?, ?, ?, ?, 'k', ?, ?, ?)");
      const rows: Array<[string, string, string, string | null, string]> = [
        ['c1', 'b1', 'competency', 's1', '2026-04-03T10:00:00.000Z'],
        ['c2', 'b1', 'competency', 's1', '2026-04-30T23:59:59.999Z'],
        ['c3', 'b2', 'competency', 's3', '2026-05-01T00:00:00.000Z'],
        ['c4', 'b2', 'wallet-copy', 's3', '2026-05-02T00:00:00.000Z'],
      ];
      for (const [id, body, kind, std, t] of rows) ins.run(id, body, kind, std, t, t, t);
      const stats = await publicStatistics({
        source: sqliteIssuanceCounts(db),
        catalogue: { listStandards: async () => standards, listBodies: async () => bodies },
        clock: () => at,
      });
      expect(stats.total).toBe(3);
      expect(stats.byMonth).toEqual([
        { month: '2026-04', count: 2 },
        { month: '2026-05', count: 1 },
      ]);
      expect(stats.uncertifiedStandards.map((s) => s.code)).toEqual(['EC0301']);
    } finally {
      db.close();
    }
  });
});
