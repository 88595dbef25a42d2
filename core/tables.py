"""Tables whose rows are rendered in one pass (issue 23 §5).

django-tables2 renders each cell through its general machinery: the accessor walked twice (once to look
for `get_FOO_display`), the render method's signature inspected, the cell's attributes merged, then a
template loop — about two thirds of a 30-row list page's CPU. A `LeanTable` works that out once per
column and then renders each row with plain calls; the header, ordering, pagination and the empty text stay
tables2's. The cells are the ones tables2 renders (core/tests/test_tables.py compares both on every
table); a column this module does not know — or one whose attributes are computed per record — is
rendered by tables2 itself."""

import django_tables2 as tables
from django.core.exceptions import FieldDoesNotExist
from django.template.defaultfilters import date as date_filter
from django.utils import formats, timezone
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.safestring import mark_safe
from django_tables2.columns.base import LinkTransform
from django_tables2.utils import Accessor, AttributeDict, signature

from core.renderers import html_escape

_ARGS = ("value", "record", "column", "bound_column", "bound_row", "table")


def _shown(value, localize=None):
    """What the template's `{{ cell }}` prints (or `|localize`, `|unlocalize`): localised, then escaped."""
    if isinstance(value, str):  # most cells: nothing to localise
        return html_escape(value)
    value = timezone.template_localtime(value)
    return html_escape(formats.localize(value, use_l10n=localize))


class LeanTable(tables.Table):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("template_name", "core/lean_table.html")
        super().__init__(*args, **kwargs)

    def lean_body(self):
        urls = {}  # a record's own address, once per row however many columns link to it
        cells = [self._cell(column, urls) for column in self.columns]
        return mark_safe("".join(
            f"<tr {row.attrs.as_html()}>{''.join(cell(row) for cell in cells)}</tr>" for row in self.paginated_rows
        ))

    def _cell(self, bound, urls):
        column = bound.column
        kind = type(column)
        attrs = {**self.attrs, **column.attrs}
        td_attrs = attrs.get("td", attrs.get("cell", {}))
        model = self._meta.model
        if (model is None or kind not in (tables.Column, tables.DateColumn) or column.localize is not None
                or any(callable(v) for v in td_attrs.values())):
            return self._tables2_cell(bound)
        td = f"<td {bound.attrs['td'].as_html()}>"
        value_of = self._value_getter(model, bound.accessor)
        empty, default = column.empty_values, bound.default
        render = bound.render
        if kind is tables.DateColumn and render == column.render:
            date_format = column.template_code.split('date:"', 1)[1].split('"', 1)[0]

            def render(value, **kwargs):
                return date_filter(value, date_format) or default
            wanted = {"value"}
        else:
            params, catch_all = signature(render)
            if not catch_all and not set(params) <= set(_ARGS):
                return self._tables2_cell(bound)  # tables2 does not call it at all
            wanted = set(_ARGS) if catch_all else set(params)
        link = bound.link
        if type(link) is LinkTransform and link.url is None and not link.reverse_args and not link.attrs:
            link = self._record_link(Accessor(link.accessor if link.accessor is not None else bound.name), urls)

        def cell(row):
            record = row.record
            value = value_of(record)
            if value in empty:
                return f"{td}{_shown(default)}</td>"
            given = {"value": value, "record": record, "column": column, "bound_column": bound, "bound_row": row,
                     "table": self}
            content = render(**{k: given[k] for k in wanted})
            if link:
                content = link(content, **given)
            return f"{td}{_shown(content)}</td>"
        return cell

    @staticmethod
    def _record_link(accessor, urls):
        """linkify=True as tables2 writes it: the cell's own object's get_absolute_url(), else the row's."""

        def link(content, record, **_):
            target = accessor.resolve(record, quiet=True)
            if not hasattr(target, "get_absolute_url"):
                target = record
            key = id(target)
            if key not in urls:
                urls[key] = target.get_absolute_url()
            href = urls[key]
            if href is None:
                return content
            return mark_safe(f'<a href="{html_escape(href)}">{html_escape(content)}</a>')
        return link

    @staticmethod
    def _value_getter(model, accessor):
        """The cell's value as tables2 finds it: a field with choices shows its label (get_FOO_display)."""
        bits = accessor.bits
        try:
            field = accessor.get_field(model)
        except FieldDoesNotExist:
            field = None
        if field is not None and getattr(field, "choices", None):
            head = Accessor(accessor.SEPARATOR.join(bits[:-1])) if len(bits) > 1 else None
            # get_FOO_display, its choices flattened once per table rather than once per cell
            labels = dict(make_hashable(field.flatchoices))
            name = field.attname

            def value_of(record):
                owner = head.resolve(record, quiet=True) if head else record
                if owner is None:
                    return None
                value = getattr(owner, name)
                return force_str(labels.get(make_hashable(value), value), strings_only=True)
            return value_of

        def value_of(record):
            try:
                return accessor.resolve(record)
            except Exception:  # tables2 shows the default for a value it cannot reach
                return None
        return value_of

    @staticmethod
    def _tables2_cell(bound):
        def cell(row):
            value = row.get_cell(bound.name)
            bound.current_value, bound.current_record = value, row.record
            td = AttributeDict(bound.attrs["td"]).as_html()
            return f"<td {td}>{_shown(value, bound.localize)}</td>"
        return cell
