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

// Limited-user approval: the job page polls its JSON while the job has not ended (no meta refresh: CSP and
// accessibility), and shows the final state without a reload: counts, status, per-user rows, no Cancel once ended.
(function () {
  'use strict';
  var box = document.getElementById('grant-progress');
  if (!box || !window.fetch || box.getAttribute('data-finished') === 'true') { return; }
  var url = box.getAttribute('data-progress-url');
  var bar = document.getElementById('grant-progress-bar');
  function field(name, value) {
    var el = box.querySelector('[data-field="' + name + '"]');
    if (el) { el.textContent = String(value); }
    return el;
  }
  function cell(text, className, code) {
    var td = document.createElement('td');
    td.className = className;
    if (code) {
      var c = document.createElement('code');
      c.textContent = text;
      td.appendChild(c);
    } else {
      td.textContent = text;
    }
    return td;
  }
  function rows(list) {
    var body = document.querySelector('#job-users tbody');
    if (!body || !list) { return; }
    var fresh = document.createElement('tbody');
    list.forEach(function (r) {
      var tr = document.createElement('tr');
      tr.setAttribute('data-user', r.id);
      tr.appendChild(cell(r.name || '\u2014', 'user-name'));
      tr.appendChild(cell(r.upn || '\u2014', 'user-upn'));
      tr.appendChild(cell(r.id, 'user-id', true));
      var result = cell(r.resultText, 'user-result');
      result.setAttribute('data-result', r.result);
      tr.appendChild(result);
      tr.appendChild(cell(r.detail, 'user-detail'));
      fresh.appendChild(tr);
    });
    body.parentNode.replaceChild(fresh, body);
  }
  function poll() {
    fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } }).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (p) {
      if (!p) { window.setTimeout(poll, 5000); return; }
      bar.max = p.total;
      bar.value = p.total - p.remaining;
      bar.textContent = String(p.total - p.remaining);
      ['created', 'updated', 'skipped', 'failed', 'remaining'].forEach(function (k) { field(k, p[k]); });
      var status = document.getElementById('job-status');
      if (status) {
        status.setAttribute('data-status', p.status);
        var badge = status.querySelector('.badge');
        if (badge) {
          badge.textContent = p.statusText;
          badge.className = 'badge badge-' + p.statusStyle + ' job-status-badge';
        }
      }
      var detail = field('detail', p.detail || '');
      if (detail) { detail.hidden = !p.detail; }
      rows(p.rows);
      document.querySelectorAll('form[data-while-status]').forEach(function (f) {
        // Hidden, not removed: a job that stops for a new token waits, QUEUED, for this sign-in again.
        f.hidden = f.getAttribute('data-while-status') !== p.status;
      });
      if (p.finished) {
        document.querySelectorAll('form[data-while-unfinished]').forEach(function (f) { f.remove(); });
        box.setAttribute('data-finished', 'true');
        return;
      }
      window.setTimeout(poll, 2000);
    }, function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
}());
