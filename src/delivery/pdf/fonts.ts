import fs from 'node:fs';
import { createRequire } from 'node:module';

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
  bold: '700Bold/EBGaramond_700Bold.ttf',
} as const;

export type CertificateFont = keyof typeof CERTIFICATE_FONTS;

const require = createRequire(import.meta.url);
let loaded: Readonly<Record<CertificateFont, Buffer>> | undefined;

/** The font files, read once: every certificate embeds from the same bytes. */
export function certificateFonts(): Readonly<Record<CertificateFont, Buffer>> {
  if (loaded) return loaded;
  const out = {} as Record<CertificateFont, Buffer>;
  for (const [name, file] of Object.entries(CERTIFICATE_FONTS) as Array<[CertificateFont, string]>) {
    out[name] = fs.readFileSync(require.resolve(`@expo-google-fonts/eb-garamond/${file}`));
  }
  loaded = Object.freeze(out);
  return loaded;
}
