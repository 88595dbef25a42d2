"""The authorization matrix (SPEC §13): every URL and API endpoint, called as every role
and as an outsider, allows or denies as expected — and never fails with a 500.

URLs are enumerated from the URL configuration, so a new page or endpoint joins the
matrix by itself; a new public URL must be added to PUBLIC on purpose.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from core.navigation import MAIN, SYSTEM
from tests.matrix import record

pytestmark = pytest.mark.django_db

ROLES = ["leader", "safety", "road", "alice", "expert", "sysadmin", "secadmin", "auditor"]
# Reachable without logging in: the login page, the public tip-off pages and API, the
# public 双随机 results, the API schema and its docs page (no data in either), and the
# load balancer's health probe (says "ok" or "database unavailable", nothing else).
PUBLIC = re.compile(r"^/(accounts/login/|jubao/|shuangsuiji/|gongshi/|manifest\.webmanifest|sw\.js|api/public/|api/schema/|api/docs/|api/auth/token/"
                    r"|accounts/logout/|healthz/)")
FILL = {"pk": "1", "code": "ZB00000000", "module": "x", "format": "json", "kind": "hazards", "action": "x",
        "name": "x", "year": "2026", "month": "11", "slot": "1", "token": "x", "who": "person"}


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


def concrete(pattern):
    """A callable path for a URL pattern (path converters and regex groups filled in)."""
    if "<format>" in pattern or "(?P<format>" in pattern:
        return None  # DRF's .json suffix twins: the same views as their plain routes
    path = pattern.replace("^", "").replace("$", "").replace("\\.", ".").replace("/?", "/")
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: FILL.get(m.group(1), "1"), path)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: FILL.get(m.group(1), "1"), path)
    return "/" + path


def all_paths():
    paths = {concrete(p) for p in _walk(get_resolver().url_patterns)}
    return sorted(p for p in paths if p and not p.startswith("/admin/") and "(" not in p)


PATHS = all_paths()


def test_the_matrix_covers_the_whole_site():
    assert len(PATHS) > 150
    assert "/hazards/" in PATHS and "/api/hazards/" in PATHS and "/audit/" in PATHS


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_outsider_is_refused_everywhere_but_the_public_pages(world, client, method):
    for path in PATHS:
        response = getattr(client, method)(path)
        record("outsider", path, method, response.status_code)
        assert response.status_code != 500, path
        if PUBLIC.match(path):
            continue
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/"), path
        else:
            assert response.status_code in (401, 403, 404, 405), (path, response.status_code)


@pytest.mark.parametrize("who", ROLES)
def test_every_role_gets_an_answer_never_an_error(world, client_for, who):
    client = client_for(getattr(world.u, who))
    for path in PATHS:
        if path == "/accounts/logout/":
            continue
        response = client.get(path)
        record(who, path, "get", response.status_code)
        assert response.status_code < 500, (who, path, response.status_code)


@pytest.mark.parametrize("who", ROLES)
def test_menu_pages_open_for_their_roles_and_refuse_the_others(world, client_for, who):
    """Each navigation entry lists the roles that may use it; everyone else is refused
    (403) or, where a role has its own version of the page, sent there."""
    from django.urls import reverse

    user = getattr(world.u, who)
    client = client_for(user)
    allowed = {}
    for _key, _label, url_name, roles in MAIN + SYSTEM:  # two entries may share a page
        allowed.setdefault(reverse(url_name), set()).update(roles)
    for url, roles in allowed.items():
        if PUBLIC.match(url):
            continue
        response = client.get(url)
        record(who, url, "get", response.status_code)
        if user.role in roles:
            assert response.status_code in (200, 302), (who, url)
        elif url != "/":
            FINDINGS.append((who, url, response.status_code)) if response.status_code == 200 else None


FINDINGS = []


def test_zz_no_role_reached_a_page_outside_its_menu():
    """Collected by the menu test above (runs last in this module): page, role, status."""
    assert FINDINGS == []


ADMIN_ONLY = {
    "/audit/": {"auditor"}, "/audit/export/": {"auditor"},
    "/security/": {"secadmin"},
    "/notify/deliveries/": {"sysadmin"},
    "/notify/rules/": {"safety"},
}


@pytest.mark.parametrize("who", ROLES)
def test_administration_screens_belong_to_one_role_each(world, client_for, who):
    client = client_for(getattr(world.u, who))
    for path, allowed in ADMIN_ONLY.items():
        status = client.get(path).status_code
        record(who, path, "get", status)
        assert (status == 200) == (who in allowed), (who, path, status)


# Published national standards, code tables and reminder settings: the same for everyone, not business data.
REFERENCE_DATA = {"/api/criteria/", "/api/sectors/", "/api/regions/", "/api/reminder-rules/"}
# The organisation the system administrator maintains (units, people, groups, accounts).
ORGANISATION = {"/api/units/", "/api/people/", "/api/working-groups/", "/api/users/"}
API_LISTS = sorted(p for p in PATHS if re.fullmatch(r"/api/[a-z-]+/", p) and not p.startswith("/api/public"))


@pytest.mark.parametrize("who", ["auditor", "secadmin", "sysadmin"])
def test_the_three_administrators_read_no_business_data_through_the_api(world, who, make_world_data):
    api = APIClient()
    api.force_authenticate(getattr(world.u, who))
    for path in API_LISTS:
        if path in ("/api/schema/", "/api/docs/", "/api/auth/"):
            continue
        response = api.get(path)
        record(who, path, "api-get", response.status_code)
        assert response.status_code in (200, 403, 405), (who, path)
        own_work = ORGANISATION if who == "sysadmin" else set()
        if response.status_code == 200 and isinstance(response.data, dict) and "results" in response.data \
                and path not in REFERENCE_DATA | own_work:
            assert response.data["results"] == [], (who, path)


@pytest.mark.parametrize("who", ["auditor", "secadmin"])
def test_read_only_administrators_cannot_write_through_the_api(world, who):
    api = APIClient()
    api.force_authenticate(getattr(world.u, who))
    for path in API_LISTS:
        response = api.post(path, {}, format="json")
        record(who, path, "api-post", response.status_code)
        assert response.status_code in (400, 403, 405), (who, path, response.status_code)
        assert response.status_code != 201


@pytest.fixture
def make_world_data(world, sectors):
    """Business rows the administrators must not see: a hazard, an inspection, a tip-off."""
    from hazards import services as hazard_services
    from core.testing import photo

    hazard_services.report_hazard(world.u.alice, {"title": "护栏缺失", "description": "桥头护栏缺失",
                                                  "sector": sectors["road-freight"], "level": "general"}, [photo()])


# Record kinds that have both a page and an endpoint: the page's list and the API's list.
WEB_AND_API = [
    ("/enterprises/", "/api/enterprises/"),
    ("/hazards/", "/api/hazards/"),
    ("/hazards/criteria/", "/api/criteria/"),
    ("/risks/", "/api/risk-points/"),
    ("/accidents/", "/api/accidents/"),
    ("/tipoffs/", "/api/tipoffs/"),
    ("/inspections/", "/api/inspections/"),
    ("/inspections/templates/", "/api/checklist-templates/"),
    ("/inspections/draws/", "/api/random-draws/"),
    ("/inspections/actions/", "/api/enforcement-actions/"),
    ("/plans/", "/api/plans/"),
    ("/plans/my/", "/api/tasks/"),
    ("/plans/calendar/", "/api/slots/"),
    ("/safety/trainings/", "/api/trainings/"),
    ("/safety/drills/", "/api/drills/"),
    ("/safety/coverage/", "/api/coverage-targets/"),
    ("/org/units/", "/api/units/"),
    ("/org/people/", "/api/people/"),
    ("/org/groups/", "/api/working-groups/"),
    ("/org/experts/", "/api/experts/"),
    ("/org/duty/", "/api/duty-shifts/"),
    ("/org/sectors/", "/api/sectors/"),
    ("/org/regions/", "/api/regions/"),
    ("/inbox/", "/api/messages/"),
]


@pytest.mark.parametrize("who", ROLES)
def test_a_page_and_its_api_give_the_same_answer(world, client_for, who, make_world_data):
    """One door for reads: a role refused a page is refused its API (403, never the records),
    and a role that may open the page may read the endpoint."""
    user = getattr(world.u, who)
    web = client_for(user)
    api = APIClient()
    api.force_authenticate(user)
    disagreements = []
    for page, endpoint in WEB_AND_API:
        page_status = web.get(page).status_code
        api_response = api.get(endpoint)
        record(who, endpoint, "api-get", api_response.status_code)
        page_ok = page_status in (200, 302)
        api_ok = api_response.status_code == 200
        if page_ok != api_ok or (not page_ok and api_response.status_code != 403):
            disagreements.append((page, page_status, endpoint, api_response.status_code))
    assert disagreements == [], (who, disagreements)


def test_every_download_carries_a_chinese_file_name(world, client_for, make_world_data):
    """Users see Chinese only: a downloaded spreadsheet, document or PDF is named in Chinese."""
    from urllib.parse import unquote

    client = client_for(world.u.safety)
    names = {}
    for path in PATHS + ["/reports/annual.docx?year=2026"]:
        if path == "/accounts/logout/":
            continue
        response = client.get(path)
        disposition = response.get("Content-Disposition", "")
        if "filename" not in disposition:
            continue
        match = re.search(r"filename\*=utf-8''([^;]+)|filename=\"?([^\";]+)", disposition, re.IGNORECASE)
        names[path] = unquote(match.group(1) or match.group(2))
    assert {"/hazards/export.xlsx", "/inspections/monthly.xlsx", "/reports/dispatch.xlsx"} <= set(names), names
    english = {p: n for p, n in names.items() if re.search(r"[A-Za-z]", re.sub(r"\.(xlsx|pdf|docx|jpe?g|png|webp)$", "", n))}
    assert english == {}
