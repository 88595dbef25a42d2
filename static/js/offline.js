/* Offline-first field work. On every page: register the service worker (/sw.js) and ask it to keep the field
   pages of the user's open inspections. On a field page: every answer (符合/不符合/不适用, the note, the photo)
   is first written to IndexedDB with an idempotency key, then sent; without the network it stays queued
   ("N 项待同步"), survives a reload, and is sent when the network returns — the server accepts each key once,
   so a retry after a lost reply changes nothing. */
(function () {
  "use strict";
  var DB = "zhiben-offline", STORE = "answers";

  if ("serviceWorker" in navigator && document.body.dataset.user) {
    navigator.serviceWorker.register("/sw.js", {scope: "/"}).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      // Once per sign-in session (and again on a field page): the list changes when inspections are planned.
      var onField = /^\/inspections\/\d+\/field\/$/.test(location.pathname);
      if (!navigator.onLine || (sessionStorage.getItem("zhiben-kept") && !onField)) return;
      return fetch("/inspections/offline.json", {credentials: "same-origin"}).then(function (r) {
        return r.ok ? r.json() : {urls: []};
      }).then(function (data) {
        if (registration.active && data.urls.length) registration.active.postMessage({type: "keep", urls: data.urls});
        sessionStorage.setItem("zhiben-kept", "1");
      });
    }).catch(function () {});
  }

  var cards = document.querySelectorAll(".item-card form");
  if (!cards.length || !window.indexedDB) return;

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE, {keyPath: "key"}); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }
  function store(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var request = work(tx.objectStore(STORE));
        tx.oncomplete = function () { resolve(request ? request.result : undefined); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }
  function pending() {
    return store("readonly", function (s) { return s.getAll(); }).then(function (rows) {
      return (rows || []).filter(function (r) { return r.page === location.pathname; })
        .sort(function (a, b) { return a.at - b.at; });
    });
  }
  function newKey() {
    return (window.crypto && crypto.randomUUID) ? crypto.randomUUID()
      : Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

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
    var all = document.querySelectorAll(".item-card");
    var done = 0;
    all.forEach(function (c) { if (c.dataset.result && c.dataset.result !== "pending") done += 1; });
    bar.dataset.checked = String(done);
    var figure = bar.querySelector("strong");
    if (figure) figure.textContent = done + "/" + all.length;
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
      var badge = document.createElement("div");
      badge.className = "small text-warning fw-bold mb-1";
      badge.dataset.queued = "1";
      badge.textContent = "待同步（联网后自动上传）";
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

  var sending = false;
  function send(row) {
    var body = new FormData();
    Object.keys(row.fields).forEach(function (k) { body.append(k, row.fields[k]); });
    body.append("key", row.key);
    if (row.photo) body.append("photo", row.photo, row.photoName || "现场照片.jpg");
    return fetch(row.url, {method: "POST", body: body, credentials: "same-origin",
                           headers: {"HX-Request": "true", "X-CSRFToken": row.fields.csrfmiddlewaretoken}})
      .then(function (response) {
        if (!response.ok && response.status >= 500) throw new Error("server");
        return response.text().then(function (html) {
          if (response.ok) swapIn(html);
          return store("readwrite", function (s) { return s.delete(row.key); });
        });
      });
  }
  function sync() {
    if (sending || !navigator.onLine) return Promise.resolve();
    sending = true;
    return pending().then(function (rows) {
      return rows.reduce(function (chain, row) { return chain.then(function () { return send(row); }); },
                         Promise.resolve());
    }).catch(function () {}).then(function () {
      sending = false;
      return pending().then(function (rows) { counter(rows.length); progress(); });
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
    store("readwrite", function (s) { return s.put(row); }).then(function () {
      markQueued(row);
      progress();
      return pending().then(function (rows) { counter(rows.length); });
    }).then(sync);
  }, true);

  window.addEventListener("online", sync);
  pending().then(function (rows) { rows.forEach(markQueued); counter(rows.length); progress(); }).then(sync);
})();
