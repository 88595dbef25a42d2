// Bootstrap classes for Django-rendered widgets in any <form class="zb-form">,
// so templates can render {{ field }} without a widget-tweaks dependency.
function zbStyleForms(root) {
  root.querySelectorAll('form.zb-form').forEach(form => {
    form.querySelectorAll('input:not([type=checkbox]):not([type=radio]):not([type=hidden]):not([type=file]), textarea')
      .forEach(i => i.classList.add('form-control'));
    form.querySelectorAll('input[type=file]').forEach(i => i.classList.add('form-control'));
    form.querySelectorAll('select').forEach(s => s.classList.add('form-select'));
    form.querySelectorAll('input[type=checkbox], input[type=radio]').forEach(c => c.classList.add('form-check-input'));
  });
}
zbStyleForms(document);
document.body.addEventListener('htmx:afterSwap', e => zbStyleForms(e.target.parentNode || document));
