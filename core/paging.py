"""A table's page read by its keys first.

A list ordered by one column and cut to 30 rows makes the database sort every row of the scope it
reads; on a province's register the rows it carries through that sort — every column, the joined
enterprise — cost more than the sort. `KeysFirstPaginator` asks for the page's 30 ids alone (an
index serves them), then reads those 30 rows whole, with the table's annotations and prefetches.
Rows that tie on the sorted column are ordered by id, newest first, so pages neither repeat nor skip.
"""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django_tables2.rows import BoundRows


class KeysFirstPaginator(Paginator):
    """For a QuerySet (`KeysFirstPaginator(qs, 30).get_page(n)`) or django-tables2's rows
    (`RequestConfig(paginate={"paginator_class": KeysFirstPaginator})`). `count`, when the caller knows
    how many rows the list holds, spares the count query."""

    def __init__(self, *args, count=None, **kwargs):
        super().__init__(*args, **kwargs)
        if count is not None:  # known already (a roll-up's total): not counted again
            self.__dict__["count"] = count

    def page(self, number):
        rows = self.object_list
        if isinstance(rows, BoundRows) and isinstance(getattr(rows.data, "data", None), QuerySet):
            qs = rows.data.data

            def wrap(records):
                return BoundRows(records, rows.table, rows.pinned_data)
        elif isinstance(rows, QuerySet):
            qs, wrap = rows, list
        else:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ordering = list(qs.query.order_by or qs.model._meta.ordering)
        if not {"pk", "-pk", "id", "-id"} & {str(o) for o in ordering}:
            ordering.append("-pk")  # ties broken the same way on every page: none shown twice or never
        return self._get_page(wrap(keys_first(qs, ordering, bottom, bottom + self.per_page)), number, self)


def keys_first(qs, ordering, start, stop, rows=None):
    """Rows `start:stop` of `qs` in `ordering`: their ids alone first, then those rows whole, read from
    `rows` (by default `qs` itself, unordered: its annotations and joins for these rows only)."""
    ids = list(qs.order_by(*ordering).values_list("pk", flat=True)[start:stop])
    if not ids:
        return []
    by_id = {record.pk: record for record in (qs.order_by() if rows is None else rows).filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]
