"""The installable field app: the web app manifest and the service worker, both served from the site's
root so the worker's scope is the whole site (a worker under /static/ could only see /static/)."""

import json

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static

# What a field page needs offline besides itself.
SHELL = ["vendor/bootstrap/bootstrap.min.css", "vendor/tom-select/tom-select.bootstrap5.min.css", "css/zhiben.css",
         "vendor/bootstrap/bootstrap.bundle.min.js", "vendor/htmx/htmx.min.js", "vendor/tom-select/tom-select.complete.min.js",
         "js/zhiben.js", "js/field.js", "js/hazard-report.js", "js/offline.js", "js/signature.js", "js/annotate.js", "img/icon-192.png"]
# The pages that work without the network: served from the network when there is one, else from the copy the
# worker kept (the list of each user's copies comes from /offline/pages.json).
FIELD_PAGES = [r"^/inspections/\d+/field/$", r"^/hazards/new/$", r"^/obligations/checks/new/$"]
VERSION = "2026-12-01.2"


def manifest(request):
    return JsonResponse({
        "name": "治本 · 安全生产治理", "short_name": "治本", "lang": "zh-CN", "start_url": "/", "scope": "/",
        "display": "standalone", "background_color": "#ffffff", "theme_color": "#0d6efd",
        "icons": [{"src": static(f"img/icon-{n}.png"), "sizes": f"{n}x{n}", "type": "image/png"} for n in (192, 512)],
    }, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})


def service_worker(request):
    body = render_to_string("pwa/sw.js", {"version": f"{VERSION}-{settings.STATIC_URL}",
                                          "shell": json.dumps([static(p) for p in SHELL]),
                                          "field_pages": json.dumps(FIELD_PAGES)})
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response
