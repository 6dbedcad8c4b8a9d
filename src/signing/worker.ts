/**
 * A Data Integrity signing worker (a tinypool task handler): canonicalizes credentials (the costly part, pure
 * CPU) on its own thread and asks the main thread for each signature over the job's port. It holds no key and
 * loads nothing itself but the files in contexts/; any other document (a DID URL, a context alias) is asked of the
 * main thread's loader. Started by `pool.ts`.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { createDocumentLoader, localContexts, type DocumentLoader, type ExtraContexts, type RemoteDocument } from '../resolver/index.js';
import { signDataIntegrity } from './data-integrity.js';
import { shareTermDefinitionsInCopies } from './jsonld-sharing.js';
import { fromWire, toWire, type FromWorker, type SigningResult, type SigningTask, type ToWorker } from './wire.js';

// Tinypool passes [its own data, ours]. Before any JSON-LD is processed here: contexts processed earlier would
// keep the library's deep copy.
const options = (workerData as [unknown, { shareTermDefinitions?: boolean; avalaContextUrls?: string[]; extraContexts?: ExtraContexts } | undefined])[1];
const sharing = options?.shareTermDefinitions === true && shareTermDefinitionsInCopies();

// Contexts only, from disk, tagged static so jsonld.js keeps them processed for the life of the thread.
// The operator's extra contexts come as documents (a structured-clone copy of the main thread's), not as a folder to
// read again: every thread answers each URL with the very document the main thread read at start.
const avalaContextUrls = options?.avalaContextUrls ?? [];
const extraContexts: ExtraContexts = options?.extraContexts ?? new Map();
const contexts = localContexts(avalaContextUrls, extraContexts);
const localLoader = createDocumentLoader({ avalaContextUrls, extraContexts });

interface Pending<T> {
  resolve(value: T): void;
  reject(error: Error): void;
}

/** One job's conversation with the main thread. */
function channel(port: MessagePort) {
  let signature: Pending<Uint8Array> | null = null;
  const loads = new Map<number, Pending<RemoteDocument>>();
  let nextReq = 1;
  const send = (m: FromWorker) => port.postMessage(m);
  port.on('message', (m: ToWorker) => {
    if (m.t === 'signature' || m.t === 'signature-error') {
      const p = signature;
      signature = null;
      if (m.t === 'signature') p?.resolve(m.signature);
      else p?.reject(fromWire(m.error));
      return;
    }
    const p = loads.get(m.req);
    loads.delete(m.req);
    if (m.t === 'document') p?.resolve(m.document);
    else p?.reject(fromWire(m.error));
  });
  const loader: DocumentLoader = (url) => {
    if (typeof url === 'string' && contexts.has(url)) return localLoader(url);
    const req = nextReq++;
    return new Promise<RemoteDocument>((resolve, reject) => {
      loads.set(req, { resolve, reject });
      send({ t: 'load', req, url });
    });
  };
  const sign = ({ data }: { data: Uint8Array }) =>
    new Promise<Uint8Array>((resolve, reject) => {
      signature = { resolve, reject };
      send({ t: 'sign', data });
    });
  send({ t: 'started' });
  return { loader, sign };
}

export default async function run(task: SigningTask): Promise<SigningResult> {
  if (task.t === 'warm') return { ok: true, signed: {}, sharing };
  const { port } = task;
  try {
    const { loader, sign } = channel(port);
    const signer = { id: task.verificationMethod, algorithm: 'Ed25519' as const, sign };
    const signed = await signDataIntegrity(task.credential, signer, loader, { created: new Date(task.created) });
    return { ok: true, signed, sharing };
  } catch (e) {
    return { ok: false, error: toWire(e), sharing };
  } finally {
    port.close();
  }
}
