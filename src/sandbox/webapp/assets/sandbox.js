// response_mode=form_post pages submit themselves, as Microsoft's do (the button works without a script).
(function () {
  'use strict';
  var form = document.querySelector('form[data-auto-submit="true"]');
  if (form) { form.submit(); }
}());
