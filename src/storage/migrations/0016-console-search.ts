import type { Migration } from './index.js';

export const consoleSearch: Migration = {
  version: 16,
  name: 'console-search',
  sql: `
-- The console finds a body's certificates by the worker's CURP (the evaluation's record) and by batch.
CREATE INDEX evaluations_body_curp ON evaluations(body_id, candidate_curp);
`,
};
