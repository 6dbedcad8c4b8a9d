export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export interface PageShell {
  /** `<html lang>`: a Lang, or its locale (LOCALES) where the page formats dates in it. */
  htmlLang: string;
  /** The whole `<title>`, unescaped. */
  title: string;
  /** The page's one style sheet (its CSP allows no inline style). */
  stylesheet: string;
  /** Further `<head>` markup, already escaped: the page's own meta tags and script. */
  head?: string;
  /** Everything inside `<body>`, already escaped. */
  body: string;
}

/**
 * The frame every server-rendered page shares: the document language, a phone-first viewport, no
 * referrer (claim links carry a token), and only the page's own style sheet. The pages differ inside `<body>`.
 */
export function renderPageShell(p: PageShell): string {
  return `<!doctype html>
<html lang="${escapeHtml(p.htmlLang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
${p.head ?? ''}<title>${escapeHtml(p.title)}</title>
<link rel="stylesheet" href="${escapeHtml(p.stylesheet)}">
</head>
<body>
${p.body}
</body>
</html>
`;
}
