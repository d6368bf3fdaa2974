// Progressive enhancement only: every page works without this script.
(function () {
  'use strict';
  document.addEventListener('click', function (event) {
    var button = event.target.closest('[data-copy-target]');
    if (!button || !navigator.clipboard) { return; }
    var source = document.getElementById(button.getAttribute('data-copy-target'));
    if (source) { navigator.clipboard.writeText(source.value || source.textContent); }
  });
}());
