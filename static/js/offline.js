/* Offline-first field work.
   - Every page: register the service worker (/sw.js) and ask it to keep the user's field pages (the list from
     /offline/pages.json): open inspections, the hazard report form, the enterprise's 带队检查 form.
   - An inspection's field page: every answer (符合/不符合/不适用, the note, the photo) is first written to
     IndexedDB with an idempotency key, then sent; without the network it stays queued ("N 项待同步"),
     survives a reload, and is sent when the network returns.
   - A form marked data-offline (上报隐患, 带队检查, 现场签名) is posted as usual when there is a network; without
     one it is kept whole on the phone (its fields and photos) and posted when the network returns.
   Each answer and form carries a key made when it was entered: the server accepts a key once (core/replay.py),
   so a retry after a lost reply changes nothing. What the server refuses on sync stays listed with its reason
   until the user discards it. */
(function () {
  "use strict";
  var DB = "zhiben-offline", ANSWERS = "answers", FORMS = "forms";
  var cards = document.querySelectorAll(".item-card form");
  var offlineForms = document.querySelectorAll("form[data-offline]");

  if ("serviceWorker" in navigator && document.body.dataset.user) {
    navigator.serviceWorker.register("/sw.js", {scope: "/"}).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      // Once per sign-in session (and again on a field page): the list changes when inspections are planned.
      var onField = cards.length > 0 || offlineForms.length > 0;
      if (!navigator.onLine || (sessionStorage.getItem("zhiben-kept") && !onField)) return;
      return fetch("/offline/pages.json", {credentials: "same-origin"}).then(function (r) {
        return r.ok ? r.json() : {urls: []};
      }).then(function (data) {
        if (registration.active && data.urls.length) registration.active.postMessage({type: "keep", urls: data.urls});
        sessionStorage.setItem("zhiben-kept", "1");
      });
    }).catch(function () {});
  }
  if (!window.indexedDB || !document.body.dataset.user) return;

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 2);
      request.onupgradeneeded = function () {
        var db = request.result;
        if (!db.objectStoreNames.contains(ANSWERS)) db.createObjectStore(ANSWERS, {keyPath: "key"});
        if (!db.objectStoreNames.contains(FORMS)) db.createObjectStore(FORMS, {keyPath: "key"});
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }
  function store(name, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(name, mode);
        var request = work(tx.objectStore(name));
        tx.oncomplete = function () { resolve(request ? request.result : undefined); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }
  function all(name) {
    return store(name, "readonly", function (s) { return s.getAll(); }).then(function (rows) {
      return (rows || []).sort(function (a, b) { return a.at - b.at; });
    });
  }
  function newKey() {
    return (window.crypto && crypto.randomUUID) ? crypto.randomUUID()
      : Date.now().toString(36) + Math.random().toString(36).slice(2);
  }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // --- the answers of an inspection's field page -------------------------------------------------------------

  function here(rows) { return rows.filter(function (r) { return r.page === location.pathname; }); }
  function counter(n) {
    var box = document.querySelector("[data-testid=pending]");
    if (!box) return;
    box.hidden = n === 0;
    box.dataset.count = String(n);
    box.querySelector("strong").textContent = String(n);
  }
  function progress() {
    var bar = document.getElementById("progress");
    if (!bar) return;
    var items = document.querySelectorAll(".item-card");
    var done = 0;
    items.forEach(function (c) { if (c.dataset.result && c.dataset.result !== "pending") done += 1; });
    bar.dataset.checked = String(done);
    var figure = bar.querySelector("strong");
    if (figure) figure.textContent = done + "/" + items.length;
  }
  function markQueued(row) {
    var card = document.getElementById("item-" + row.item);
    if (!card) return;
    card.dataset.result = row.fields.result;
    card.classList.toggle("item-failing", row.fields.result === "fail");
    var radio = card.querySelector("input[name=result][value=" + row.fields.result + "]");
    if (radio) radio.checked = true;
    var note = card.querySelector("textarea[name=note]");
    if (note && row.fields.note) note.value = row.fields.note;
    if (!card.querySelector("[data-queued]")) {
      var badge = el("div", "small text-warning fw-bold mb-1", "待同步（联网后自动上传）");
      badge.dataset.queued = "1";
      card.querySelector(".card-body").prepend(badge);
    }
  }
  function swapIn(html) {
    // The server's own card (the template the page was built from), parsed as a document, never as a string.
    var holder = new DOMParser().parseFromString(html, "text/html");
    var oob = holder.querySelector("#progress");
    if (oob) {
      oob.removeAttribute("hx-swap-oob");
      var bar = document.getElementById("progress");
      if (bar) bar.replaceWith(document.importNode(oob, true));
    }
    var card = holder.querySelector(".item-card");
    if (card) { var old = document.getElementById(card.id); if (old) old.replaceWith(document.importNode(card, true)); }
  }
  function sendAnswer(row) {
    var body = new FormData();
    Object.keys(row.fields).forEach(function (k) { body.append(k, row.fields[k]); });
    body.append("key", row.key);
    if (row.photo) body.append("photo", row.photo, row.photoName || "现场照片.jpg");
    return fetch(row.url, {method: "POST", body: body, credentials: "same-origin",
                           headers: {"HX-Request": "true", "X-CSRFToken": row.fields.csrfmiddlewaretoken}})
      .then(function (response) {
        if (!response.ok && response.status >= 500) throw new Error("server");
        return response.text().then(function (html) {
          if (response.ok && row.page === location.pathname) swapIn(html);
          return store(ANSWERS, "readwrite", function (s) { return s.delete(row.key); });
        });
      });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.closest || !form.closest(".item-card")) return;
    event.preventDefault();
    event.stopPropagation();
    var data = new FormData(form);
    var photo = data.get("photo");
    var row = {key: newKey(), page: location.pathname, url: form.action, at: Date.now(),
               item: form.closest(".item-card").dataset.item, fields: {}, photo: null, photoName: ""};
    data.forEach(function (value, name) { if (name !== "photo") row.fields[name] = value; });
    if (!row.fields.result) return;
    if (photo && photo.size) { row.photo = photo; row.photoName = photo.name; }
    store(ANSWERS, "readwrite", function (s) { return s.put(row); }).then(function () {
      markQueued(row);
      progress();
      return refresh();
    }).then(sync);
  }, true);

  // --- whole forms (data-offline) ----------------------------------------------------------------------------

  function stamp(form) {
    var input = form.querySelector("input[name=key]");
    if (!input) { input = el("input"); input.type = "hidden"; input.name = "key"; form.appendChild(input); }
    input.value = newKey();
  }
  offlineForms.forEach(stamp);

  // Bubbling, so a form's own checks (the signature's "请先签名") run first and may stop it.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form.matches || !form.matches("form[data-offline]") || navigator.onLine) return;
    event.preventDefault();
    var data = new FormData(form);
    var row = {key: data.get("key") || newKey(), label: form.dataset.offline, url: form.action || location.href,
               page: location.pathname + location.search, at: Date.now(), fields: [], error: ""};
    data.forEach(function (value, name) {
      if (value instanceof File) { if (value.size) row.fields.push([name, value, value.name]); }
      else row.fields.push([name, value]);
    });
    store(FORMS, "readwrite", function (s) { return s.put(row); }).then(function () {
      form.reset();
      stamp(form);
      var note = form.querySelector("[data-offline-saved]");
      if (!note) { note = el("div", "alert alert-warning py-2"); note.dataset.offlineSaved = "1"; form.prepend(note); }
      note.setAttribute("role", "status");
      note.textContent = "当前没有网络：“" + row.label + "”已保存在本机，联网后自动提交。可继续填写下一份。";
      note.scrollIntoView({block: "center"});
      return refresh();
    });
  });

  function refusal(response, html) {
    // What the server said is wrong, read from the page it answered with (never inserted as markup).
    if (!response.ok) return response.status === 403 ? "没有权限提交（可能已被他人处理）。" : "提交被拒绝（" + response.status + "）。";
    // A redirect went where the work was done: only its error message counts. A page sent back is the form
    // with its errors.
    var doc = new DOMParser().parseFromString(html, "text/html");
    var said = [];
    var where = response.redirected ? "[data-message=error]"
      : "[data-message=error], form .alert-danger, .invalid-feedback, .errorlist";
    doc.querySelectorAll(where).forEach(function (node) {
      var text = node.textContent.replace(/\s+/g, " ").trim();
      if (text && said.indexOf(text) < 0) said.push(text);
    });
    if (said.length) return said.join("；");
    return response.redirected ? "" : "提交未被接受，请打开原页面重新填写。";
  }
  function sendForm(row) {
    var body = new FormData();
    var token = "";
    row.fields.forEach(function (field) {
      if (field.length === 3) body.append(field[0], field[1], field[2]); else body.append(field[0], field[1]);
      if (field[0] === "csrfmiddlewaretoken") token = field[1];
    });
    return fetch(row.url, {method: "POST", body: body, credentials: "same-origin", headers: {"X-CSRFToken": token}})
      .then(function (response) {
        if (response.status >= 500) throw new Error("server");
        if (new URL(response.url).pathname.indexOf("/accounts/login") === 0) throw new Error("login");
        return response.text().then(function (html) {
          var reason = refusal(response, html);
          if (reason) {
            row.error = reason;
            return store(FORMS, "readwrite", function (s) { return s.put(row); });
          }
          synced.push({label: row.label, url: response.url});
          return store(FORMS, "readwrite", function (s) { return s.delete(row.key); });
        });
      });
  }

  // --- the queue: one banner on every page, one sync loop -----------------------------------------------------

  var synced = [];
  function banner(forms, answers) {
    var box = document.getElementById("offline-queue");
    if (!box) return;
    var waiting = forms.filter(function (r) { return !r.error; }).length + answers.length;
    var refused = forms.filter(function (r) { return r.error; });
    box.hidden = waiting === 0 && refused.length === 0 && synced.length === 0;
    box.classList.toggle("alert-warning", waiting > 0 || refused.length > 0);
    box.classList.toggle("alert-success", waiting === 0 && refused.length === 0);
    box.dataset.count = String(waiting);
    box.querySelector("[data-count]").textContent = String(waiting);
    box.querySelector("[data-waiting]").hidden = waiting === 0;
    var list = box.querySelector("[data-refused]");
    list.replaceChildren();
    refused.forEach(function (row) {
      var li = el("li", "mb-1");
      li.dataset.key = row.key;
      li.append(el("span", "", row.label + "（" + new Date(row.at).toLocaleString("zh-CN") + "）未能提交：" + row.error + " "));
      var open = el("a", "me-2", "打开原页面");
      open.href = row.page;
      var drop = el("button", "btn btn-link btn-sm p-0 align-baseline", "放弃这份");
      drop.type = "button";
      drop.addEventListener("click", function () {
        store(FORMS, "readwrite", function (s) { return s.delete(row.key); }).then(refresh);
      });
      li.append(open, drop);
      list.append(li);
    });
    var done = box.querySelector("[data-synced]");
    done.replaceChildren();
    synced.forEach(function (item) {
      var li = el("li");
      li.append(el("span", "", "已提交：" + item.label + " "));
      var link = el("a", "", "查看");
      link.href = item.url;
      li.append(link);
      done.append(li);
    });
  }
  function refresh() {
    return Promise.all([all(FORMS), all(ANSWERS)]).then(function (both) {
      banner(both[0], both[1]);
      counter(here(both[1]).length);
      return both;
    });
  }

  var sending = false;
  function sync() {
    if (sending || !navigator.onLine) return refresh();
    sending = true;
    return Promise.all([all(ANSWERS), all(FORMS)]).then(function (both) {
      var work = both[0].map(function (row) { return function () { return sendAnswer(row); }; })
        .concat(both[1].filter(function (row) { return !row.error; })
          .map(function (row) { return function () { return sendForm(row); }; }));
      return work.reduce(function (chain, next) { return chain.then(next); }, Promise.resolve());
    }).catch(function () {}).then(function () {
      sending = false;
      progress();
      return refresh();
    });
  }

  window.addEventListener("online", sync);
  all(ANSWERS).then(function (rows) { here(rows).forEach(markQueued); progress(); }).then(sync);
})();
