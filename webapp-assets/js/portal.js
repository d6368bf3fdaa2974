// Progressive enhancement only: every page works without this script.
(function () {
  'use strict';
  document.addEventListener('click', function (event) {
    var button = event.target.closest('[data-copy-target]');
    if (!button || !navigator.clipboard) { return; }
    var source = document.getElementById(button.getAttribute('data-copy-target'));
    if (!source) { return; }
    var status = button.parentNode.querySelector('.copy-status');
    navigator.clipboard.writeText(source.value || source.textContent).then(function () {
      if (status) { status.textContent = status.getAttribute('data-copied'); }
    }, function () {
      // Clipboard refused (permissions): select the text so that Ctrl+C copies it.
      if (source.select) { source.select(); }
    });
  });
}());

// Limited-user approval: the progress bar polls its JSON while the job runs (no meta refresh: CSP and accessibility).
(function () {
  'use strict';
  var box = document.getElementById('grant-progress');
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute('data-progress-url');
  var bar = document.getElementById('grant-progress-bar');
  function poll() {
    fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } }).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (p) {
      if (!p) { return; }
      bar.max = p.total;
      bar.value = p.total - p.remaining;
      bar.textContent = String(p.total - p.remaining);
      ['status', 'created', 'updated', 'skipped', 'failed', 'remaining'].forEach(function (k) {
        var el = box.querySelector('[data-field="' + k + '"]');
        if (el) { el.textContent = String(p[k]); }
      });
      if (p.status === 'QUEUED' || p.status === 'RUNNING') { window.setTimeout(poll, 2000); }
    });
  }
  window.setTimeout(poll, 2000);
}());
