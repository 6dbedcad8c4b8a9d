/**
 * The batch pages' one script (served from this origin, allowed by `script-src 'self'`; no inline code). Two
 * enhancements of pages that work without it: a file dropped on an upload form is put in its file input and the
 * form sent; while a batch is being certified, its progress is asked for every second and shown, and the page is
 * reloaded when the run ends (to show the downloads).
 */
export const CONSOLE_BATCH_JS = `(function () {
  'use strict';
  function ready(fn) { if (document.readyState !== 'loading') fn(); else document.addEventListener('DOMContentLoaded', fn); }
  ready(function () {
    var zones = document.querySelectorAll('form.dropzone');
    Array.prototype.forEach.call(zones, function (form) {
      var input = form.querySelector('input[type=file]');
      var hint = form.querySelector('.drop-hint');
      if (!input) return;
      if (hint) hint.hidden = false;
      form.addEventListener('dragover', function (ev) { ev.preventDefault(); form.classList.add('dragging'); });
      form.addEventListener('dragleave', function () { form.classList.remove('dragging'); });
      form.addEventListener('drop', function (ev) {
        ev.preventDefault();
        form.classList.remove('dragging');
        if (!ev.dataTransfer || !ev.dataTransfer.files || ev.dataTransfer.files.length === 0) return;
        input.files = ev.dataTransfer.files;
        form.requestSubmit ? form.requestSubmit() : form.submit();
      });
    });
    var box = document.getElementById('progress');
    if (!box || box.getAttribute('data-state') !== 'running') return;
    var url = box.getAttribute('data-progress-url');
    var bar = document.getElementById('certify-progress');
    var text = document.getElementById('progress-text');
    function poll() {
      fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (p) {
          if (!p) return;
          if (p.state !== 'running') { window.location.reload(); return; }
          if (bar) { bar.max = Math.max(p.total, 1); bar.value = p.issued; bar.textContent = String(p.issued); }
          if (text && p.text) text.textContent = p.text;
          setTimeout(poll, 1000);
        })
        .catch(function () { setTimeout(poll, 3000); });
    }
    setTimeout(poll, 1000);
  });
})();
`;
