// Bootstrap classes for Django-rendered widgets in any <form class="zb-form"> (or
// "zb-form-sm" for the compact variant), so templates can render {{ field }} without
// a widget-tweaks dependency. All page scripts live in static files: the Content
// Security Policy allows no inline script.
function zbStyleForms(root) {
  root.querySelectorAll('form.zb-form, form.zb-form-sm').forEach(form => {
    const sm = form.classList.contains('zb-form-sm');
    const control = sm ? ['form-control', 'form-control-sm'] : ['form-control'];
    const select = sm ? ['form-select', 'form-select-sm'] : ['form-select'];
    form.querySelectorAll('input:not([type=checkbox]):not([type=radio]):not([type=hidden]), textarea')
      .forEach(i => i.classList.add(...control));
    form.querySelectorAll('select').forEach(s => s.classList.add(...select));
    form.querySelectorAll('input[type=checkbox], input[type=radio]').forEach(c => c.classList.add('form-check-input'));
  });
}
zbStyleForms(document);
document.body.addEventListener('htmx:afterSwap', e => zbStyleForms(e.target.parentNode || document));
