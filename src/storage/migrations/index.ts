import { registry } from './0001-registry.js';
import { issuance } from './0002-issuance.js';
import { status } from './0003-status.js';
import { audit } from './0004-audit.js';
import { batchErrors } from './0005-batch-errors.js';
import { batchOrder } from './0007-batch-order.js';
import { oid4vci } from './0006-oid4vci.js';
import { batchFailure } from './0008-batch-failure.js';
import { idempotency } from './0009-idempotency.js';
import { consoleAccounts } from './0010-console.js';
import { outbox } from './0011-outbox.js';
import { delivery } from './0013-delivery.js';
import { workerAccess } from './0014-worker-access.js';
import { supersessions } from './0012-supersessions.js';
import { oid4vciOfferReferences } from './0015-oid4vci-offer-references.js';
import { consoleSearch } from './0016-console-search.js';
import { qrCwt } from './0017-qr-cwt.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** In version order. A migration, once landed, is never edited: add a new one. */
export const MIGRATIONS: readonly Migration[] = [registry, issuance, status, audit, batchErrors, oid4vci, batchOrder, batchFailure, idempotency, consoleAccounts, outbox, supersessions, delivery, workerAccess, oid4vciOfferReferences, consoleSearch, qrCwt];
