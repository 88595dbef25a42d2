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

// Map popups are built from text nodes, never from HTML strings: a record's title or name is
// whatever somebody typed. Each line is a list of parts: a string (text), {href, text} (a link
// to one of our own pages) or {strong, colour} (emphasis).
window.Zhiben = window.Zhiben || {};
window.Zhiben.popup = function (lines) {
  const box = document.createElement('div');
  lines.forEach(function (parts, i) {
    if (i) box.appendChild(document.createElement('br'));
    [].concat(parts).forEach(function (part) {
      if (part === null || part === undefined || part === '') return;
      if (typeof part !== 'object') { box.appendChild(document.createTextNode(String(part))); return; }
      let el;
      if (part.href !== undefined) {
        el = document.createElement('a');
        const href = String(part.href);
        el.setAttribute('href', href.startsWith('/') && !href.startsWith('//') ? href : '#');
        el.textContent = part.text;
      } else {
        el = document.createElement('b');
        if (part.colour) el.style.color = part.colour;
        el.textContent = part.strong;
      }
      box.appendChild(el);
    });
  });
  return box;
};
