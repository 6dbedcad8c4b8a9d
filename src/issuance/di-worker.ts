/**
 * A Data Integrity signing worker: canonicalizes credentials (the costly part, pure CPU) on its own thread and
 * asks the main thread for each signature. It holds no key and loads nothing but the files in contexts/; any other
 * document (a DID URL) is asked of the main thread's loader. Started by `di-pool.ts`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createDocumentLoader, type DocumentLoader, type RemoteDocument } from '../resolver/index.js';
import { shareTermDefinitionsInCopies } from './di-jsonld.js';
import { issueDataIntegrity } from './di-sign.js';
import { fromWire, toWire, type FromWorker, type ToWorker } from './di-wire.js';

const port = parentPort;
if (!port) throw new TypeError('di-worker.ts runs as a worker thread started by di-pool.ts');

// Before any JSON-LD is processed here: contexts processed earlier would keep the library's deep copy.
const sharing = (workerData as { shareTermDefinitions?: boolean } | null)?.shareTermDefinitions === true && shareTermDefinitionsInCopies();

interface Pending<T> {
  resolve(value: T): void;
  reject(error: Error): void;
}

const signatures = new Map<number, Pending<Uint8Array>>();
const loads = new Map<number, Pending<RemoteDocument>>();
let nextReq = 1;

const send = (m: FromWorker) => port.postMessage(m);

// Contexts only, from disk, tagged static so jsonld.js keeps them processed for the life of the thread.
// The URLs of Avala's context the main thread's loader knows (di-pool.ts passes them), mapped to the same file.
const localLoader = createDocumentLoader({ avalaContextUrls: (workerData as { avalaContextUrls?: string[] } | null)?.avalaContextUrls ?? [] });

function loaderFor(id: number): DocumentLoader {
  return (url: string) => {
    if (typeof url === 'string' && url.startsWith('did:')) {
      const req = nextReq++;
      return new Promise<RemoteDocument>((resolve, reject) => {
        loads.set(req, { resolve, reject });
        send({ t: 'load', id, req, url });
      });
    }
    return localLoader(url);
  };
}

function remoteSigner(id: number, verificationMethod: string) {
  return {
    id: verificationMethod,
    algorithm: 'Ed25519' as const,
    sign({ data }: { data: Uint8Array }): Promise<Uint8Array> {
      return new Promise<Uint8Array>((resolve, reject) => {
        signatures.set(id, { resolve, reject });
        send({ t: 'sign', id, data });
      });
    },
  };
}

async function run(m: Extract<ToWorker, { t: 'job' }>): Promise<void> {
  try {
    const signed = await issueDataIntegrity(m.credential, remoteSigner(m.id, m.verificationMethod), loaderFor(m.id), new Date(m.created));
    send({ t: 'done', id: m.id, signed });
  } catch (e) {
    send({ t: 'failed', id: m.id, error: toWire(e) });
  } finally {
    signatures.delete(m.id);
  }
}

function settle<T>(map: Map<number, Pending<T>>, key: number, outcome: { value: T } | { error: Error }): void {
  const p = map.get(key);
  if (!p) return;
  map.delete(key);
  if ('value' in outcome) p.resolve(outcome.value);
  else p.reject(outcome.error);
}

port.on('message', (m: ToWorker) => {
  switch (m.t) {
    case 'job':
      void run(m);
      break;
    case 'signature':
      settle(signatures, m.id, { value: m.signature });
      break;
    case 'signature-error':
      settle(signatures, m.id, { error: fromWire(m.error) });
      break;
    case 'document':
      settle(loads, m.req, { value: m.document });
      break;
    case 'document-error':
      settle(loads, m.req, { error: fromWire(m.error) });
      break;
  }
});

send({ t: 'ready', sharing });
