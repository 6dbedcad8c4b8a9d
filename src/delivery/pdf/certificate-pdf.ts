import PDFDocument from 'pdfkit';
import { createQr } from '../../qr/index.js';
import { didWebAddress, type CertificateFacts } from './certificate-facts.js';
import { DEFAULT_LANG, LOCALES, type Lang } from '../../lang.js';
import { CERTIFICATE_TEXT } from './certificate-text.js';
import { certificateFonts, type CertificateFont } from './fonts.js';

export const PAPER_SIZES = ['A4', 'LETTER'] as const;
export type PaperSize = (typeof PAPER_SIZES)[number];

export interface CertificatePdfOptions {
  lang?: Lang;
  paper?: PaperSize;
  /** The authority the body is registered with, printed at the head of the page (config AVALA_AUTHORITY_NAME). */
  authority?: CertificateAuthority;
}

export interface CertificateAuthority {
  name: string;
  /** A PNG or JPEG seal printed in the top corner (config AVALA_AUTHORITY_SEAL), or none. */
  seal?: Buffer | null;
}

/** The authority's name when none is configured. */
export const DEFAULT_AUTHORITY_NAME = 'Avala';

/** The seal's printed side. */
const SEAL_SIDE_CM = 2.4;

/** 1 cm in PDF points (1/72 inch). */
const CM = 72 / 2.54;

/**
 * The QR code's printed side, quiet zone included, whatever its version: the printed code keeps its size and its
 * modules grow. A format-2 code (version 13-14: 69-73 modules, 77-81 with the quiet zone) is then 0.74-0.78 mm a
 * module, a format-1 code (version 20-21) 0.55 mm; larger modules read faster, from farther and through print blur,
 * and the page's layout stays one layout for both formats. The issue asks for 4 cm at least.
 */
export const QR_SIDE_CM = 6;
/** The quiet zone the QR standard asks for, in modules. */
const QR_MARGIN_MODULES = 4;

const INK = '#1a1a1a';
const NAVY = '#13315c';
const GOLD = '#a8842c';
const GREY = '#555555';

/**
 * The printable certificate: one landscape page (A4, or US Letter), with the body, the worker's name, the standard, the
 * dates, a QR code to verify it and a short text telling an employer how. Text is EB Garamond, embedded; the QR code is
 * drawn as vector squares, so it stays sharp at any print resolution.
 */
export async function renderCertificatePdf(facts: CertificateFacts, opts: CertificatePdfOptions = {}): Promise<Buffer> {
  const lang = opts.lang ?? DEFAULT_LANG;
  const t = CERTIFICATE_TEXT[lang];
  const doc = new PDFDocument({
    size: opts.paper ?? 'A4',
    layout: 'landscape',
    margin: 0,
    autoFirstPage: true,
    // Dated from the credential, not from the clock: the same credential prints the same document.
    info: { Title: `${t.title} ${facts.standard.code} · ${facts.holderName}`, Author: facts.body.name, Subject: facts.credentialId, Creator: 'Avala', CreationDate: new Date(facts.issuedAt) },
    lang: LOCALES[lang],
    displayTitle: true,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const fonts = certificateFonts();
  // @types/pdfkit only knows file names and bytes; pdfkit itself also takes a parsed fontkit font.
  for (const [name, font] of Object.entries(fonts)) doc.registerFont(name, font as unknown as Buffer);
  const font = (f: CertificateFont, size: number, color = INK) => doc.font(f).fontSize(size).fillColor(color);

  const W = doc.page.width;
  const H = doc.page.height;
  drawFrame(doc, W, H);

  const left = 1.9 * CM;
  const width = W - 2 * left;
  const authority = opts.authority ?? { name: DEFAULT_AUTHORITY_NAME };
  const seal = authority.seal ?? null;
  const sealSide = SEAL_SIDE_CM * CM;
  if (seal) doc.image(seal, left - 0.3 * CM, 1.35 * CM, { fit: [sealSide, sealSide], align: 'center', valign: 'center' });
  // With a seal in the corner, the centred heading keeps clear of it on both sides.
  const upperWidth = seal ? width - 2 * (sealSide + 0.2 * CM) : width;
  const footerY = H - 1.25 * CM;

  // ---- bottom band: dates on the left, how to verify in the middle, the QR code on the right. Each column is
  // measured before it is drawn, so the band sits just above the footer whatever the text's length.
  const qrSide = QR_SIDE_CM * CM;
  const qrX = W - 1.6 * CM - qrSide;
  const qrY = footerY - 0.3 * CM - qrSide;
  const colWidth = 5.6 * CM;
  const midX = left + colWidth + 0.7 * CM;
  const midWidth = qrX - 0.6 * CM - midX;

  const dates: Block = [];
  const field = (label: string, value: string, size = 13) => {
    dates.push({ f: 'medium', size: 9, color: GOLD, text: label.toUpperCase(), o: { characterSpacing: 1 } });
    dates.push({ f: 'regular', size, color: INK, text: value, after: 6 });
  };
  field(t.issued, t.date(facts.issuedAt));
  field(t.validUntil, facts.validUntil ? t.date(facts.validUntil) : t.noExpiry);
  if (facts.evaluation.on) field(t.evaluatedOn, t.day(facts.evaluation.on));
  if (facts.evaluation.centre) field(t.centre, facts.evaluation.centre, 11);

  const how: Block = [
    { f: 'semibold', size: 14, color: NAVY, text: t.verifyTitle, after: 2 },
    { f: 'regular', size: 10.5, color: INK, text: t.verifyHow, o: { lineGap: 0.5 }, after: 3 },
    { f: 'regular', size: 10.5, color: INK, text: t.noCamera, o: { lineGap: 0.5 }, after: 1 },
    // The address on a line of its own, so it is never broken at its slash.
    { f: 'semibold', size: 12, color: NAVY, text: facts.verifyPageUrl.replace(/^https?:\/\//, ''), o: { lineBreak: false }, after: 4 },
    { f: 'italic', size: 10.5, color: GREY, text: t.curpHint, o: { lineGap: 0.5 }, after: 5 },
    { f: 'medium', size: 8, color: GOLD, text: t.folio.toUpperCase(), o: { characterSpacing: 1 } },
    { f: 'regular', size: 9, color: GREY, text: facts.credentialId },
  ];
  const bandBottom = footerY - 0.3 * CM;
  const bandTop = Math.min(qrY, bandBottom - blockHeight(doc, how, midWidth), bandBottom - blockHeight(doc, dates, colWidth));
  drawQr(doc, facts.qrUrl, qrX, qrY, qrSide);
  drawBlock(doc, dates, left, bandTop, colWidth, 'left');
  drawBlock(doc, how, midX, bandTop, midWidth, 'left');

  // ---- the upper block, centred between the top of the frame and the band
  const nameSize = fitOneLine(doc, 'medium', facts.holderName, upperWidth - 60, 34, 20);
  // A long standard title wraps to at most three lines, shrinking first; its lines are balanced (the narrowest box
  // that keeps the same number of lines), so no lone word hangs on the last one.
  let titleSize = 19;
  const maxTitleWidth = upperWidth - 120;
  while (titleSize > 13 && heightOf(doc, 'semibold', titleSize, facts.standard.title, maxTitleWidth) > titleSize * 1.3 * 3) titleSize -= 1;
  const titleWidth = balancedWidth(doc, 'semibold', titleSize, facts.standard.title, maxTitleWidth);
  const sv = t.sectorVersion(facts.standard.sector, facts.standard.version);
  const bodyLine = facts.body.name.toUpperCase();
  const bodyWidth = balancedWidth(doc, 'semibold', 11, bodyLine, upperWidth, { characterSpacing: 2 });
  const authorityLine = authority.name.toUpperCase();
  const authorityWidth = balancedWidth(doc, 'medium', 9, authorityLine, upperWidth, { characterSpacing: 1.5 });
  const upper: Block = [
    { f: 'medium', size: 9, color: GREY, text: authorityLine, o: { characterSpacing: 1.5 }, width: authorityWidth, after: 5 },
    { f: 'semibold', size: 11, color: NAVY, text: bodyLine, o: { characterSpacing: 2 }, width: bodyWidth, after: 9 },
    { rule: 80, color: GOLD, after: 11 },
    { f: 'semibold', size: 36, color: NAVY, text: t.title, after: 1 },
    { f: 'medium', size: 11.5, color: GOLD, text: t.standardLine(facts.standard.code, facts.standard.level).toUpperCase(), o: { characterSpacing: 1.6 }, after: 16 },
    { f: 'italic', size: 13, color: GREY, text: t.awardedTo, after: 5 },
    { f: 'medium', size: nameSize, color: INK, text: facts.holderName, after: 3 },
    { rule: 340, color: GOLD, after: 10 },
    { f: 'italic', size: 13, color: GREY, text: t.forCompetence, after: 4 },
    { f: 'semibold', size: titleSize, color: INK, text: facts.standard.title, width: titleWidth, after: 4 },
    ...(sv ? [{ f: 'regular' as const, size: 11, color: GREY, text: sv }] : []),
  ];
  const top = 1.45 * CM;
  const room = bandTop - 0.5 * CM - top;
  const upperLeft = left + (width - upperWidth) / 2;
  drawBlock(doc, upper, upperLeft, top + Math.max(0, (room - blockHeight(doc, upper, upperWidth)) / 2), upperWidth, 'center');

  // The signer by name and by the readable address of its published identity, on one line (smaller when long).
  const footer = t.footer(facts.body.name, didWebAddress(facts.body.did));
  font('regular', fitOneLine(doc, 'regular', footer, width, 8, 5.5), GREY).text(footer, left, footerY, { width, align: 'center', lineBreak: false });

  doc.end();
  return done;
}

/** A column of text lines (and short centred rules), laid out top to bottom. */
type Block = Array<
  | { f: CertificateFont; size: number; color: string; text: string; o?: PDFKit.Mixins.TextOptions; width?: number; after?: number; rule?: undefined }
  | { rule: number; color: string; after?: number }
>;

function blockHeight(doc: PDFKit.PDFDocument, block: Block, width: number): number {
  return layoutBlock(doc, block, 0, 0, width, 'left', false);
}

function drawBlock(doc: PDFKit.PDFDocument, block: Block, x: number, y: number, width: number, align: 'left' | 'center'): number {
  return layoutBlock(doc, block, x, y, width, align, true);
}

/** Measures (and, when `draw`, draws) a block; returns its height. One function for both, so they cannot disagree. */
function layoutBlock(doc: PDFKit.PDFDocument, block: Block, x: number, y0: number, width: number, align: 'left' | 'center', draw: boolean): number {
  let y = y0;
  for (const item of block) {
    if (item.rule !== undefined) {
      if (draw) rule(doc, x + (width - item.rule) / 2, x + (width + item.rule) / 2, y, item.color, 0.7);
    } else {
      const w = item.width ?? width;
      const ix = x + (width - w) / 2;
      const o = { width: w, align, ...item.o };
      doc.font(item.f).fontSize(item.size);
      const h = item.o?.lineBreak === false ? doc.currentLineHeight(true) : doc.heightOfString(item.text, o);
      if (draw) doc.fillColor(item.color).text(item.text, ix, y, o);
      y += h;
    }
    y += item.after ?? 0;
  }
  return y - y0;
}

/** Two frames: a heavy navy border and a thin gold one inside it, with small squares at the inner corners. */
function drawFrame(doc: PDFKit.PDFDocument, W: number, H: number): void {
  const outer = 0.55 * CM;
  doc.save();
  doc.rect(0, 0, W, H).fill('#ffffff');
  doc.rect(outer, outer, W - 2 * outer, H - 2 * outer).lineWidth(5).strokeColor(NAVY).stroke();
  const inner = outer + 8;
  doc.rect(inner, inner, W - 2 * inner, H - 2 * inner).lineWidth(0.9).strokeColor(GOLD).stroke();
  const c = 7;
  for (const [x, y] of [[inner, inner], [W - inner, inner], [inner, H - inner], [W - inner, H - inner]] as const) {
    doc.rect(x - c / 2, y - c / 2, c, c).fillColor(GOLD).fill();
  }
  doc.restore();
}

function rule(doc: PDFKit.PDFDocument, x1: number, x2: number, y: number, color: string, width: number): void {
  doc.save().moveTo(x1, y).lineTo(x2, y).lineWidth(width).strokeColor(color).stroke().restore();
}

function heightOf(doc: PDFKit.PDFDocument, f: CertificateFont, size: number, text: string, width: number, o: PDFKit.Mixins.TextOptions = {}): number {
  return doc.font(f).fontSize(size).heightOfString(text, { width, align: 'center', ...o });
}

/** The narrowest width, down to half of `max`, at which `text` takes no more lines than it does at `max`. */
function balancedWidth(doc: PDFKit.PDFDocument, f: CertificateFont, size: number, text: string, max: number, o: PDFKit.Mixins.TextOptions = {}): number {
  const target = heightOf(doc, f, size, text, max, o);
  let lo = max / 2;
  let hi = max;
  while (hi - lo > 2) {
    const mid = (lo + hi) / 2;
    if (heightOf(doc, f, size, text, mid, o) <= target) hi = mid;
    else lo = mid;
  }
  return Math.ceil(hi) + 1;
}

/** The largest size from `max` down to `min` at which `text` fits on one line; `min` when none does (it then wraps). */
function fitOneLine(doc: PDFKit.PDFDocument, f: CertificateFont, text: string, width: number, max: number, min: number): number {
  for (let size = max; size > min; size -= 1) if (doc.font(f).fontSize(size).widthOfString(text) <= width) return size;
  return min;
}

/**
 * The QR code as filled squares, a horizontal run of dark modules per rectangle, on a white square that includes the
 * quiet zone. Drawn from the same symbol `src/qr/` renders as PNG or SVG (error correction M, densest segments).
 */
function drawQr(doc: PDFKit.PDFDocument, url: string, x: number, y: number, side: number): void {
  const { modules } = createQr(url);
  const n = modules.size;
  const unit = side / (n + 2 * QR_MARGIN_MODULES);
  doc.save();
  doc.rect(x, y, side, side).fill('#ffffff');
  const ox = x + QR_MARGIN_MODULES * unit;
  const oy = y + QR_MARGIN_MODULES * unit;
  for (let r = 0; r < n; r++) {
    let c = 0;
    while (c < n) {
      if (!modules.data[r * n + c]) {
        c++;
        continue;
      }
      const start = c;
      while (c < n && modules.data[r * n + c]) c++;
      // A hair of overlap between neighbouring rows keeps anti-aliased viewers from showing white seams.
      doc.rect(ox + start * unit, oy + r * unit, (c - start) * unit, unit + 0.05);
    }
  }
  doc.fill('#000000');
  doc.restore();
}
