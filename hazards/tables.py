import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.renderers import html_escape
from core.tables import LeanTable
from enterprises.tables import WIDE_ONLY, card

from .models import Hazard, State

LEVELS, STATES = dict(Hazard.Level.choices), dict(State.choices)

STATE_CSS = {"reported": "secondary", "pending_confirmation": "info", "confirmed": "warning", "rectifying": "primary",
             "awaiting_acceptance": "info", "accepted": "success", "closed": "success", "rejected": "light"}


class HazardTable(LeanTable):
    number = tables.Column(linkify=True, verbose_name="编号", attrs=card("meta"))
    title = tables.Column(verbose_name="隐患名称", linkify=True, attrs={"th": {"data-card": "title"},
                                                                    "td": {"class": "name-cell"}})
    level = tables.Column(verbose_name="等级", attrs=card("state"))
    place = tables.Column(empty_values=(), orderable=False, verbose_name="企业/场所", attrs=WIDE_ONLY)
    sector = tables.Column(accessor="sector__name", verbose_name="行业领域", attrs=WIDE_ONLY)
    state = tables.Column(verbose_name="状态", attrs=card("state"))
    deadline = tables.DateColumn("Y-m-d", verbose_name="整改期限", attrs=card("deadline"))
    discovered_on = tables.DateColumn("Y-m-d", verbose_name="发现日期", attrs=WIDE_ONLY)

    class Meta:
        model = Hazard
        fields = ["number", "title", "level", "place", "sector", "state", "deadline", "discovered_on"]
        attrs = {"class": "table table-cards table-sm table-hover align-middle"}
        empty_text = "没有符合条件的隐患"
        order_by = ("-discovered_on",)

    # The badges below are written for 30 rows on every list page: labels looked up once, not through
    # get_FOO_display and format_html per cell (the markup is the same).
    def render_level(self, record):
        css = "danger" if record.is_major else "secondary"
        return mark_safe(f'<span class="badge text-bg-{css}">{html_escape(LEVELS.get(record.level, record.level))}</span>')

    def render_place(self, record):
        return record.enterprise.name if record.enterprise_id else record.place_name

    def render_state(self, record):
        html = mark_safe(f'<span class="badge text-bg-{STATE_CSS[record.state]}">'
                         f'{html_escape(STATES.get(record.state, record.state))}</span>')
        if record.is_listed:
            html += mark_safe(' <span class="badge text-bg-danger">挂牌</span>')
        return html

    def render_deadline(self, record, value):
        if value is None:
            return "—"
        if record.is_overdue:
            days = (timezone.localdate() - value).days
            return format_html('<span class="text-danger fw-bold">{} 逾期{}天</span>', value.strftime("%Y-%m-%d"), days)
        return value.strftime("%Y-%m-%d")
