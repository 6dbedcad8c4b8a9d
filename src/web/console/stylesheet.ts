/**
 * The console's one stylesheet (served as a file: the pages' CSP allows no inline style). The verifier page's look —
 * navy band, white cards on a pale page, system fonts — mobile first; text keeps at least 4.5:1 contrast.
 */
export const CONSOLE_CSS = `:root{color-scheme:light;--ink:#1b1f24;--muted:#4a5360;--line:#d5dae1;--paper:#fff;--page:#f3f5f8;--navy:#13315c;--ok:#0b6e3a;--ok-soft:#e7f5ec;--bad:#b42318;--bad-soft:#fdecea;--wait:#8a5300;--wait-soft:#fff4e0;--focus:#1f6feb;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif;color:var(--ink);background:var(--page);line-height:1.45;-webkit-text-size-adjust:100%}
*{box-sizing:border-box}
body{margin:0}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:var(--paper);padding:.5rem 1rem;z-index:10}
.skip:focus{left:.5rem;top:.5rem}
.top{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5rem .75rem;padding:.75rem 1rem;background:var(--navy);color:#fff}
.brand{display:flex;flex-direction:column;min-width:0;color:#fff;text-decoration:none}
.brand-name{font-weight:700;font-size:1.15rem;letter-spacing:.04em}
.tagline{font-size:.8rem;opacity:.92}
.top-actions{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem}
.top a.pill,.top button.pill{font:inherit;font-size:.9rem;color:#fff;background:transparent;border:1px solid rgba(255,255,255,.7);border-radius:999px;padding:.4rem .9rem;min-height:2.5rem;display:inline-flex;align-items:center;text-decoration:none;cursor:pointer}
.top a.pill:hover,.top button.pill:hover{background:rgba(255,255,255,.12)}
.top form{margin:0}
.who{font-size:.85rem;opacity:.95;overflow-wrap:anywhere}
nav.sections{background:#fff;border-bottom:1px solid var(--line)}
nav.sections ul{display:flex;flex-wrap:wrap;gap:.25rem;max-width:64rem;margin:0 auto;padding:.25rem .75rem;list-style:none}
nav.sections a{display:inline-flex;align-items:center;min-height:2.75rem;padding:0 .75rem;color:var(--navy);font-weight:600;text-decoration:none;border-radius:8px}
nav.sections a[aria-current=page]{background:#e8eef7}
main{max-width:64rem;margin:0 auto;padding:1rem .75rem 2.5rem}
main.narrow{max-width:30rem}
h1{font-size:1.6rem;line-height:1.2;margin:.5rem 0 1rem;color:var(--navy)}
h2{font-size:1.2rem;margin:0 0 .6rem;color:var(--navy)}
.lead{font-size:1.08rem}
.card{background:var(--paper);border-radius:14px;padding:1rem;margin:0 0 1rem;box-shadow:0 1px 3px rgba(0,0,0,.08),0 6px 20px rgba(0,0,0,.05)}
.cards{display:grid;grid-template-columns:1fr;gap:1rem}
.cards .card{margin:0}
.tiles{display:grid;grid-template-columns:1fr 1fr;gap:.75rem;margin:0 0 1rem;padding:0;list-style:none}
.tile{background:var(--paper);border-radius:14px;padding:.9rem 1rem;box-shadow:0 1px 3px rgba(0,0,0,.08)}
.tile-value{display:block;font-size:2rem;font-weight:800;color:var(--navy);line-height:1.1}
.tile-label{display:block;font-size:.9rem;color:var(--muted)}
.button{display:inline-flex;align-items:center;justify-content:center;min-height:3rem;padding:.65rem 1.1rem;border-radius:10px;border:1px solid var(--navy);background:var(--navy);color:#fff;font:inherit;font-weight:650;text-decoration:none;cursor:pointer}
.button:hover{background:#0e2648}
.button.secondary{background:var(--paper);color:var(--navy)}
.button.secondary:hover{background:#eef2f8}
a{color:var(--navy)}
form.stack label{display:block;font-weight:650;margin:.9rem 0 .3rem}
form.stack .field:first-of-type label{margin-top:0}
input[type=email],input[type=password],input[type=text],input[type=date],select,textarea{width:100%;font:inherit;padding:.6rem .7rem;min-height:2.9rem;border:1px solid #6b7583;border-radius:8px;background:#fff;color:var(--ink)}
input[aria-invalid=true],select[aria-invalid=true]{border:2px solid var(--bad)}
.hint{margin:.3rem 0 0;font-size:.88rem;color:var(--muted)}
.field-error{margin:.3rem 0 0;color:var(--bad);font-weight:600;font-size:.95rem}
.alert{margin:0 0 1rem;padding:.75rem .9rem;border-radius:10px;background:var(--bad-soft);color:var(--bad);font-weight:600}
.notice{margin:0 0 1rem;padding:.75rem .9rem;border-radius:10px;background:var(--ok-soft);color:var(--ok);font-weight:600}
form.stack .button{margin-top:1.1rem;width:100%}
.muted{color:var(--muted)}
table{width:100%;border-collapse:collapse;font-size:.95rem}
th,td{text-align:left;padding:.55rem .4rem;border-top:1px solid var(--line);vertical-align:top}
th{font-size:.8rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);border-top:0}
.badge{display:inline-block;padding:.05rem .5rem;border-radius:999px;font-size:.82rem;font-weight:700;background:#e8eef7;color:var(--navy)}
.badge.ok{background:var(--ok-soft);color:var(--ok)}
.badge.bad{background:var(--bad-soft);color:var(--bad)}
.badge.wait{background:var(--wait-soft);color:var(--wait)}
.table-wrap{overflow-x:auto}
ul.links{padding-left:1.1rem;margin:.5rem 0 0}
ul.links li{margin:.35rem 0}
fieldset{border:0;padding:0;margin:.9rem 0 0}legend{font-weight:650;margin-bottom:.3rem}fieldset label{display:flex;align-items:center;gap:.5rem;min-height:2.75rem;font-weight:400}input[type=radio],input[type=checkbox]{width:1.35rem;height:1.35rem}tr.own td{color:var(--muted)}code{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.85rem;word-break:break-all}caption{text-align:left;padding:.3rem 0}
@media (max-width:39.99rem){table.stackable thead{position:absolute;left:-9999px}table.stackable tr{display:block;border-top:1px solid var(--line);padding:.4rem 0}table.stackable td{display:block;border:0;padding:.15rem 0}table.stackable td[data-label]::before{content:attr(data-label) ": ";font-weight:600;color:var(--muted)}}
@media (min-width:40rem){main{padding-top:1.75rem}.tiles{grid-template-columns:repeat(4,1fr)}.cards{grid-template-columns:repeat(3,1fr)}}
`;

/** The batch and certificate pages' additions. */
export const CONSOLE_WORK_CSS = `.cards.two{grid-template-columns:1fr}
form.dropzone{border:2px dashed transparent;border-radius:12px;padding:.25rem}
form.dropzone.dragging{border-color:var(--focus);background:#eef4ff}
input[type=file]{width:100%;font:inherit;padding:.5rem 0;min-height:2.9rem}
progress{width:100%;height:1.4rem;margin:.4rem 0}
dl.facts{display:grid;grid-template-columns:1fr;gap:.35rem 1rem;margin:0 0 .75rem}
dl.facts div{display:contents}
dl.facts dt{font-weight:650;color:var(--muted);font-size:.9rem}
dl.facts dd{margin:0 0 .4rem;overflow-wrap:anywhere}
ul.actions{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0;margin:0}
.button.danger{background:var(--bad);border-color:var(--bad);color:#fff}
.button.danger:hover{background:#8f1c13}
.button[disabled]{opacity:.55;cursor:not-allowed}
.pager{display:flex;gap:.5rem;margin-top:.75rem}
.pager form{margin:0}
form.search .grid{display:grid;grid-template-columns:1fr;gap:0 1rem}
form.search .grid label{margin-top:.9rem}
.notice p{margin:.2rem 0}
@media (min-width:40rem){.cards.two{grid-template-columns:1fr 1fr}form.search .grid{grid-template-columns:1fr 1fr}dl.facts{grid-template-columns:minmax(9rem,auto) 1fr}dl.facts dd{margin:0}}
`;
