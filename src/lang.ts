/**
 * The two languages of every page, PDF and message: Spanish by default, English on request. Pure and
 * dependency-free: the in-browser verifier page bundles it too.
 */
export const LANGS = ['es', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'es';

/** The BCP 47 tag each is written in (`<html lang>`, Content-Language, dates): the Spanish is Mexico's. */
export const LOCALES: Readonly<Record<Lang, string>> = { es: 'es-MX', en: 'en' };

export function isLang(v: unknown): v is Lang {
  return (LANGS as readonly unknown[]).includes(v);
}

/** The language a page's language switch offers. */
export function otherLang(lang: Lang): Lang {
  return lang === 'es' ? 'en' : 'es';
}

/**
 * `?lang=` wins; otherwise the browser's preference among ours (`accepted`, what Accept-Language negotiation picked,
 * if the caller negotiates it); Spanish by default. An unknown value falls back rather than failing: a page must
 * open whatever the link says.
 */
export function pickLang(query: unknown, accepted?: unknown): Lang {
  if (isLang(query)) return query;
  return isLang(accepted) ? accepted : DEFAULT_LANG;
}
