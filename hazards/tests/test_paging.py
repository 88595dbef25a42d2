"""A page read by its keys first holds the records of the sorted list, ties by newest id, each once
across the pages — for every sort the hazard table offers — and reads the full rows of that page only."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.paging import KeysFirstPaginator
from hazards.models import Hazard, State
from hazards.tables import HazardTable
from hazards.views import listed_annotation


def test_pages_match_the_plain_paginator(world, make_hazard):
    for i, state in enumerate([State.REPORTED, State.RECTIFYING, State.CLOSED, State.REJECTED, State.CONFIRMED]):
        make_hazard(state, level="major" if i % 2 else "general")
    qs = Hazard.objects.for_user(world.u.safety).prefetch_related("enterprise", "sector").annotate(
        is_listed=listed_annotation())
    columns = {"sector": "sector__name"}
    for order in ("-discovered_on", "number", "-state", "sector", "deadline", "-level"):
        table = HazardTable(qs, order_by=order)
        shown = []
        for number in (1, 2, 3):
            table.paginate(paginator_class=KeysFirstPaginator, per_page=2, page=number)
            shown += [(row.record.number, row.record.is_listed, row.record.sector.name) for row in table.paginated_rows]
        field = order.lstrip("-")
        expected = [(h.number, h.is_listed, h.sector.name) for h in qs.order_by(
            ("-" if order.startswith("-") else "") + columns.get(field, field), "-pk")]
        assert shown == expected, order
        assert len(set(shown)) == 5


def test_the_full_rows_are_read_for_the_page_only(world, make_hazard):
    for _ in range(4):
        make_hazard(State.RECTIFYING)
    table = HazardTable(Hazard.objects.for_user(world.u.safety).order_by("-id"))
    with CaptureQueriesContext(connection) as q:
        table.paginate(paginator_class=KeysFirstPaginator, per_page=3, page=1)
        assert len(list(table.paginated_rows)) == 3
    ids_query = next(x["sql"] for x in q.captured_queries if "LIMIT 3" in x["sql"])
    assert '"hazards_hazard"."title"' not in ids_query  # the ids alone through the sort


def test_a_queryset_pages_like_the_plain_paginator(world, make_hazard):
    """The inspection list pages a QuerySet the same way: its records in order, each once, select_related
    kept on the page's rows."""
    from django.core.paginator import Paginator

    for state in (State.REPORTED, State.RECTIFYING, State.CLOSED, State.CONFIRMED, State.REJECTED):
        make_hazard(state)
    qs = Hazard.objects.for_user(world.u.safety).select_related("sector").order_by("-discovered_on", "-id")
    keys_first = [h.number for n in (1, 2, 3) for h in KeysFirstPaginator(qs, 2).get_page(n).object_list]
    plain = [h.number for n in (1, 2, 3) for h in Paginator(qs, 2).get_page(n).object_list]
    assert keys_first == plain and len(set(keys_first)) == 5
    page = KeysFirstPaginator(qs, 2).get_page(1)
    with CaptureQueriesContext(connection) as q:
        [h.sector.name for h in page.object_list]
    assert len(q) == 0
