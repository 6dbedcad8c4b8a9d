import fs from 'node:fs';
import { createRequire } from 'node:module';
import { create, type Font } from 'fontkit';

/**
 * The certificate's typeface: EB Garamond (SIL Open Font License), from the npm package
 * `@expo-google-fonts/eb-garamond`, which ships plain TTF files. A package rather than a system font so that a fresh
 * clone prints the same certificate on any machine after `npm install`, with every Spanish letter (á é í ó ú ü ñ ¿ ¡)
 * and the typographic quotes; pdfkit embeds only the glyphs a page uses.
 */
export const CERTIFICATE_FONTS = {
  regular: '400Regular/EBGaramond_400Regular.ttf',
  italic: '400Regular_Italic/EBGaramond_400Regular_Italic.ttf',
  medium: '500Medium/EBGaramond_500Medium.ttf',
  semibold: '600SemiBold/EBGaramond_600SemiBold.ttf',
} as const;

export type CertificateFont = keyof typeof CERTIFICATE_FONTS;

const require = createRequire(import.meta.url);
let loaded: Readonly<Record<CertificateFont, Font>> | undefined;

/**
 * The fonts, read and parsed once with fontkit (the engine pdfkit itself uses) and shared by every certificate:
 * parsing and warming up the OpenType tables of four faces costs about 300 ms, far more than laying out a page, and
 * pdfkit takes a parsed font as readily as a file (each document still embeds its own subset).
 */
export function certificateFonts(): Readonly<Record<CertificateFont, Font>> {
  if (loaded) return loaded;
  const out = {} as Record<CertificateFont, Font>;
  for (const [name, file] of Object.entries(CERTIFICATE_FONTS) as Array<[CertificateFont, string]>) {
    const font = create(fs.readFileSync(require.resolve(`@expo-google-fonts/eb-garamond/${file}`)));
    if (!('layout' in font)) throw new TypeError(`${file} is a font collection, not a single font`);
    out[name] = font;
  }
  loaded = Object.freeze(out);
  return loaded;
}
