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
window.Zhiben.popup = function (lines, separator) {
  const box = document.createElement(separator ? 'span' : 'div');
  lines.forEach(function (parts, i) {
    if (i && separator) box.appendChild(document.createTextNode(separator));
    else if (i) box.appendChild(document.createElement('br'));
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

// A map's points as lists beside the canvas (issue 25: a canvas is not read aloud nor reached by
// Tab): each group is a heading and a numbered list, each point the same lines as its popup, in
// text and links. `groups` is [{title, items: [lines, ...]}].
window.Zhiben.pointList = function (el, groups) {
  el.replaceChildren();
  groups.forEach(function (group) {
    const heading = document.createElement('h2');
    heading.className = 'h6 mt-2';
    heading.textContent = group.title + '（' + group.items.length + '）';
    el.appendChild(heading);
    const list = document.createElement('ol');
    list.className = 'small mb-2';
    group.items.forEach(function (lines) {
      const item = document.createElement('li');
      item.appendChild(window.Zhiben.popup(lines.filter(l => [].concat(l).some(p => p)), '，'));
      list.appendChild(item);
    });
    el.appendChild(list);
  });
};

// A failed action comes back as it was typed (core.actions.keep_typed): the form that was
// posted is filled in again, each error is shown beside its field, files ask to be chosen
// again, and the page scrolls to the first error. Full-page forms re-rendered by Django
// with their errors scroll to the first one too.
(function () {
  const blob = document.getElementById('kept-form');
  function feedback(el, text) {
    const div = document.createElement('div');
    div.className = 'invalid-feedback d-block';
    div.setAttribute('role', 'alert');
    div.textContent = text;
    el.insertAdjacentElement('afterend', div);
    return div;
  }
  function scrollTo(el) {
    if (!el) return;
    const show = () => el.scrollIntoView({block: 'center', behavior: 'instant'});
    // The browser would restore the old scroll position of the page it returns to; and
    // photos above the form load later and push it down: scroll again once they have.
    if ('scrollRestoration' in history) history.scrollRestoration = 'manual';
    show();
    if (document.readyState !== 'complete') window.addEventListener('load', () => requestAnimationFrame(show), {once: true});
    const focusable = el.matches('input, select, textarea') ? el : el.querySelector('input:not([type=hidden]), select, textarea');
    if (focusable) focusable.focus({preventScroll: true});
  }
  if (!blob) {
    const first = document.querySelector('main form .is-invalid, main form .errorlist, main form .alert-danger');
    if (!first) return;
    // A file cannot come back with the page: say so beside each file input of the form.
    first.closest('form').querySelectorAll('input[type=file]').forEach(input => {
      feedback(input, '提交未成功：文件不会随页面保留，如已选择请重新选择。');
    });
    scrollTo(first.closest('.mb-2, .mb-3') || first);
    return;
  }
  const kept = JSON.parse(blob.textContent);
  const form = Array.from(document.querySelectorAll('main form[method=post]')).find(f =>
    new URL(f.action, location.href).pathname === kept.path ||
    Array.from(f.querySelectorAll('[formaction]')).some(b => new URL(b.formAction, location.href).pathname === kept.path));
  if (!form) return;
  Object.entries(kept.data).forEach(([name, values]) => {
    form.querySelectorAll(`[name="${CSS.escape(name)}"]`).forEach(el => {
      if (el.type === 'hidden' || el.type === 'submit' || el.tagName === 'BUTTON' || el.type === 'file') return;
      if (el.type === 'checkbox' || el.type === 'radio') el.checked = values.includes(el.value);
      else if (el.tagName === 'SELECT' && el.multiple) Array.from(el.options).forEach(o => { o.selected = values.includes(o.value); });
      else el.value = values[0] || '';
    });
  });
  let first = null;
  Object.entries(kept.files || {}).forEach(([name, files]) => {
    const input = form.querySelector(`input[type=file][name="${CSS.escape(name)}"]`);
    if (!input || !files.length) return;
    input.classList.add('is-invalid');
    feedback(input, `上次选择的 ${files.join('、')} 未能保存，请重新选择。`);
    first = first || input;
  });
  Object.entries(kept.errors || {}).forEach(([name, messages]) => {
    const el = name !== '__all__' && form.querySelector(`[name="${CSS.escape(name)}"]:not([type=hidden])`);
    if (el) {
      el.classList.add('is-invalid');
      if (!el.id) el.id = `kept-${name}`;
      const div = feedback(el.closest('.input-group') || el, messages.join(' '));
      div.id = `${el.id}-error`;
      el.setAttribute('aria-describedby', div.id);
      el.setAttribute('aria-invalid', 'true');
      first = first || el;
    } else {
      const div = document.createElement('div');
      div.className = 'alert alert-danger py-1 px-2 small mb-2';
      div.setAttribute('role', 'alert');
      div.textContent = messages.join(' ');
      form.insertBefore(div, form.firstElementChild && form.firstElementChild.nextSibling);
      first = first || div;
    }
  });
  scrollTo(first || form);
})();

// Cards for lists on a phone (see zhiben.css, "table-cards"): each cell learns its column's
// name, and the cells of the columns a header marks with data-card (title, state, deadline,
// action) are the ones a card shows.
function zbCards(root) {
  root.querySelectorAll('table.table-cards').forEach(table => {
    const heads = Array.from(table.querySelectorAll('thead th'));
    if (heads.some(th => th.dataset.card)) table.classList.add('cards-picked');
    table.querySelectorAll('tbody tr').forEach(tr => {
      let col = 0;
      Array.from(tr.children).forEach(td => {
        const th = heads[col];
        col += td.colSpan || 1;
        if (!th || td.colSpan > 1) return;
        if (th.textContent.trim()) td.dataset.label = th.textContent.trim();
        if (th.dataset.card) td.dataset.card = th.dataset.card;
      });
    });
  });
}
zbCards(document);
document.body.addEventListener('htmx:afterSwap', e => zbCards(e.target.parentNode || document));

// Searchable pickers (core/widgets.py): type a few characters of the name or its pinyin
// initials. The <select> stays in the form; Tom Select only drives it.
function zbPickers(root) {
  if (typeof TomSelect === 'undefined') return;
  root.querySelectorAll('select[data-picker]').forEach(select => {
    if (select.tomselect) return;
    // Tom Select moves the label to its own input; the <select> it keeps (hidden, still read by screen
    // readers) keeps the label's words as its name.
    const label = select.id && document.querySelector(`label[for="${select.id}"]`);
    if (label && !select.getAttribute('aria-label')) select.setAttribute('aria-label', label.textContent.trim());
    new TomSelect(select, {
      plugins: select.multiple ? ['remove_button'] : [],
      searchField: ['text', 'initials'],
      maxOptions: 200,
      allowEmptyOption: !select.multiple,
      placeholder: select.dataset.prompt,
      hidePlaceholder: true,
      closeAfterSelect: !select.multiple,
      render: {
        no_results: () => { const d = document.createElement('div'); d.className = 'no-results'; d.textContent = '没有匹配的选项'; return d; },
        option_create: () => document.createElement('div'),
      },
    });
  });
}
zbPickers(document);
document.body.addEventListener('htmx:afterSwap', e => zbPickers(e.target.parentNode || document));

// 判定标准 for the hazard's 行业领域 first (issue 24 #4): a select[data-criteria] offers the clauses on
// the hazard's branch of the sector tree (its sector, those above and below it, and general clauses),
// then the rest of its top-level 行业领域, and hides other 行业领域 behind "显示其他行业的判定标准". The sector comes from the form's sector select
// (options carry data-sector) or, on a hazard's page, from data-hazard-sector. The service refuses an
// unrelated clause unless the safety office confirms it applies.
function zbCriteria(root) {
  root.querySelectorAll('select[data-criteria]:not([data-zb-criteria])').forEach(sel => {
    sel.dataset.zbCriteria = '1';
    const sector = sel.form && sel.form.querySelector('select[name=sector]');
    const label = document.createElement('label');
    label.className = 'form-check-label small d-block mt-1';
    const other = document.createElement('input');
    other.type = 'checkbox';
    other.className = 'form-check-input me-1';
    other.dataset.otherCriteria = '';
    label.append(other, document.createTextNode('显示其他行业的判定标准'));
    sel.insertAdjacentElement('afterend', label);
    const apply = () => {
      const path = sector ? ((sector.selectedOptions[0] || {}).dataset || {}).sector || '' : (sel.dataset.hazardSector || '');
      // Tier 0: the hazard's own branch (its sector, above, below) and general clauses; tier 1: the rest of
      // its top-level 行业领域 (both accepted by the service); tier 2: other 行业领域, hidden unless asked for.
      const tiers = [[], [], []];
      Array.from(sel.options).forEach(opt => {
        if (!opt.value) return;
        const own = opt.dataset.sector || '';
        const tier = !path || !own || own.startsWith(path) || path.startsWith(own) ? 0
          : own.slice(0, 12) === path.slice(0, 12) ? 1 : 2;
        opt.hidden = tier === 2 && !other.checked && !opt.selected;
        opt.dataset.other = tier === 2 ? '1' : '';
        tiers[tier].push(opt);
      });
      tiers.flat().forEach(opt => sel.appendChild(opt));
    };
    other.addEventListener('change', apply);
    if (sector) sector.addEventListener('change', apply);
    apply();
  });
}
zbCriteria(document);
document.body.addEventListener('htmx:afterSwap', e => zbCriteria(e.target.parentNode || document));
