import type { Migration } from './index.js';

export const batchOrder: Migration = {
  version: 7,
  name: 'batch-order',
  sql: `
-- Certification walks a batch's evaluations in id order a page at a time; without this index every page sorted the
-- whole batch (cost growing with the square of its size).
CREATE INDEX evaluations_batch_id ON evaluations(batch_id, id);
DROP INDEX evaluations_batch;
`,
};
