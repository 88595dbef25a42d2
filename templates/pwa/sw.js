/* 治本 service worker (hand-kept: no build step, nothing to fetch from a CDN). It keeps what a field page
   needs without the network: the static files (cache first), and the field pages (network first, the cached
   copy when offline): the user's open inspections, the hazard report form, the enterprise's 带队检查 form.
   What is entered offline is not kept here: the page queues it in IndexedDB (static/js/offline.js) and sends
   it when the network returns. */
const VERSION = "{{ version }}";
const STATIC = "zhiben-static-" + VERSION;
const PAGES = "zhiben-pages-" + VERSION;
const SHELL = {{ shell|safe }};
const FIELD_PAGES = {{ field_pages|safe }}.map((source) => new RegExp(source));

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(STATIC).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys().then((keys) => Promise.all(
    keys.filter((k) => k !== STATIC && k !== PAGES).map((k) => caches.delete(k))
  )).then(() => self.clients.claim()));
});

// The page asks for the user's field pages to be kept (the list from /offline/pages.json).
self.addEventListener("message", (event) => {
  if (!event.data || event.data.type !== "keep") return;
  event.waitUntil(caches.open(PAGES).then((cache) => Promise.all(event.data.urls.map((url) =>
    fetch(url, {credentials: "same-origin"}).then((response) => response.ok ? cache.put(url, response) : null)
      .catch(() => null)))));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request).then((response) => {
      if (response.ok) caches.open(STATIC).then((cache) => cache.put(request, response.clone()));
      return response;
    })));
    return;
  }
  if (request.mode === "navigate" && FIELD_PAGES.some((pattern) => pattern.test(url.pathname))) {
    event.respondWith(fetch(request).then((response) => {
      if (response.ok) { const copy = response.clone(); caches.open(PAGES).then((cache) => cache.put(url.pathname + url.search, copy)); }
      return response;
    }).catch(() => caches.open(PAGES).then((cache) => cache.match(url.pathname + url.search)
      .then((hit) => hit || cache.match(url.pathname)))
      .then((hit) => hit || new Response("<h1>离线</h1><p>该页面尚未缓存，请联网后再打开。</p>",
        {headers: {"Content-Type": "text/html; charset=utf-8"}}))));
  }
});
