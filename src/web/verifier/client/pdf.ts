/**
 * Finds the QR code on the first page of a certificate PDF: pdf.js (served by the page's own origin as a separate
 * module and worker, loaded only when a PDF is dropped) renders page 1 to a canvas, and the page's QR reader reads it.
 */
import type * as PdfJs from 'pdfjs-dist';
import { readQrFromImage } from './scan.js';

let library: Promise<typeof PdfJs> | null = null;

function pdfjs(base: URL, version: string): Promise<typeof PdfJs> {
  library ??= (async () => {
    // A URL only known at run time: the bundler leaves this import alone, and the browser loads the file from here.
    const url = new URL(`web/pdf.mjs?v=${encodeURIComponent(version)}`, base).href;
    const lib = (await import(/* @vite-ignore */ url)) as typeof PdfJs;
    lib.GlobalWorkerOptions.workerSrc = new URL(`web/pdf.worker.mjs?v=${encodeURIComponent(version)}`, base).href;
    return lib;
  })().catch((e: unknown) => {
    library = null;
    throw e;
  });
  return library;
}

/** Sides (in pixels, of the page's longer edge) tried in turn: the printed QR code is a fifth of the page's width. */
const SIDES = [2400, 3400];

export type PdfQr = { kind: 'found'; text: string } | { kind: 'no-qr' } | { kind: 'unreadable' };

export async function readQrFromPdf(file: Blob, base: URL, version: string): Promise<PdfQr> {
  let doc: PdfJs.PDFDocumentProxy;
  try {
    const lib = await pdfjs(base, version);
    const data = new Uint8Array(await file.arrayBuffer());
    doc = await lib.getDocument({ data, isEvalSupported: false, disableAutoFetch: true, disableStream: true, stopAtErrors: false }).promise;
  } catch {
    return { kind: 'unreadable' };
  }
  try {
    const page = await doc.getPage(1);
    const unit = page.getViewport({ scale: 1 });
    for (const side of SIDES) {
      const viewport = page.getViewport({ scale: side / Math.max(unit.width, unit.height) });
      const canvas = document.createElement('canvas');
      canvas.width = Math.ceil(viewport.width);
      canvas.height = Math.ceil(viewport.height);
      await page.render({ canvas, viewport, background: '#ffffff' }).promise;
      const bitmap = await createImageBitmap(canvas);
      const text = await readQrFromImage(bitmap);
      bitmap.close();
      canvas.width = 0;
      canvas.height = 0;
      if (text !== null) return { kind: 'found', text };
    }
    return { kind: 'no-qr' };
  } catch {
    return { kind: 'unreadable' };
  } finally {
    void doc.destroy();
  }
}

/** A PDF by its type or, when the type is missing (some file pickers), by its first bytes. */
export async function isPdf(file: Blob & { name?: string }): Promise<boolean> {
  if (file.type === 'application/pdf') return true;
  if (file.type && file.type !== 'application/octet-stream') return false;
  const head = new Uint8Array(await file.slice(0, 5).arrayBuffer());
  return String.fromCharCode(...head) === '%PDF-';
}
