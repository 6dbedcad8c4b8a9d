/**
 * The claim page's only stylesheet, served as a file so the page's CSP can forbid inline styles. Mobile first:
 * one column, large tap targets, system fonts (nothing to download), contrast above WCAG AA.
 */
export const CLAIM_PAGE_CSS = `:root{color-scheme:light;--ink:#1b1f23;--muted:#4a5560;--brand:#0b5d4b;--bg:#f5f7f6;--card:#fff;--line:#d5dbd8}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:1.0625rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.top{display:flex;justify-content:space-between;align-items:center;padding:.75rem 1rem;background:var(--brand);color:#fff}
.brand{margin:0;font-weight:700;letter-spacing:.02em}
.top a{color:#fff}
main{max-width:40rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1.2rem;margin:0 0 .75rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:.75rem;padding:1rem;margin:1rem 0}
.state{font-size:1.1rem}
.state-active strong{color:#0b6b2f}
.state-revoked strong,.state-suspended strong,.state-expired strong,.state-superseded strong{color:#a4121c}
.notice{border-left:4px solid #a4121c;background:#fdf0f0;padding:.75rem 1rem;border-radius:.25rem}
dl{margin:0}
dl div{padding:.5rem 0;border-top:1px solid var(--line)}
dl div:first-child{border-top:0}
dt{font-size:.9rem;color:var(--muted)}
dd{margin:0;font-weight:600}
.id{font-family:ui-monospace,monospace;font-weight:400;font-size:.85rem;word-break:break-all}
.qr{margin:1rem auto;max-width:18rem}
.qr svg,.qr img{display:block;width:100%;height:auto;background:#fff}
.button{display:block;text-align:center;background:var(--brand);color:#fff;text-decoration:none;font-weight:700;padding:.9rem 1rem;border-radius:.5rem;min-height:3rem}
.downloads{padding:0;margin:0;list-style:none}
.downloads li{margin:.25rem 0}
.downloads a{display:block;padding:.75rem 0;min-height:3rem}
a{color:var(--brand)}
a:focus-visible{outline:3px solid #f0a500;outline-offset:2px}
.note,.privacy{color:var(--muted);font-size:.95rem}
@media (min-width:48rem){main{padding:2rem}}
.share{width:100%;font:inherit;font-size:.85rem;padding:.4rem;border:1px solid #767676;border-radius:4px}
`;
