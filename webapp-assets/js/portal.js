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

// response_mode=form_post pages of the Microsoft sandbox submit themselves, as Microsoft's do.
(function () {
  'use strict';
  var form = document.querySelector('form[data-auto-submit="true"]');
  if (form) { form.submit(); }
}());
