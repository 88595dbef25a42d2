import django_tables2 as tables
from django.utils.html import format_html, format_html_join

from core.tables import LeanTable

from .models import Enterprise


# Secondary columns hide on phones; name, sectors and status stay.
WIDE_ONLY = {"th": {"class": "d-none d-md-table-cell"}, "td": {"class": "d-none d-md-table-cell"}}


def card(role):
    """What a column is on a phone's card (static/css/zhiben.css, "table-cards")."""
    return {"th": {"data-card": role}}


class EnterpriseTable(LeanTable):
    name = tables.Column(linkify=True, verbose_name="企业名称", attrs={"th": {"data-card": "title"},
                                                                   "td": {"class": "name-cell"}})
    credit_code = tables.Column(verbose_name="统一社会信用代码", attrs=WIDE_ONLY)
    sectors = tables.Column(empty_values=(), orderable=False, verbose_name="行业领域", attrs=card("meta"))
    region = tables.Column(accessor="region__name", verbose_name="区划", attrs=WIDE_ONLY)
    is_two_plus_one = tables.BooleanColumn(verbose_name="两客一危", yesno="是,", attrs=WIDE_ONLY)
    standardization_level = tables.Column(verbose_name="标准化", attrs=WIDE_ONLY)
    status = tables.Column(verbose_name="经营状态", attrs=card("state"))
    grade = tables.Column(empty_values=(), verbose_name="分级", orderable=True, attrs=card("state"))

    class Meta:
        model = Enterprise
        fields = ["grade", "name", "credit_code", "sectors", "region", "is_two_plus_one", "standardization_level",
                  "status"]
        attrs = {"class": "table table-cards table-sm table-hover align-middle"}
        empty_text = "没有符合条件的企业"
        per_page = 30

    def render_sectors(self, record):
        return format_html_join(
            "", '<span class="badge text-bg-light border me-1">{}</span>', ((s.name,) for s in record.sectors.all())
        )

    def render_grade(self, record):
        """红/黄/绿 (enterprises.grading); a ⚠ marks the 安全生产法 §113 condition."""
        from .grading import COLOURS

        grade = getattr(record, "grade", None)
        if grade is None:
            return ""
        flag = format_html(' <span class="badge text-bg-dark" title="{}">§113</span>',
                           "重大事故隐患180日内3次或1年内4次受到行政处罚") if getattr(record, "art113", False) else ""
        return format_html('<span class="badge grade-{}" data-grade="{}">{}</span>{}', grade, grade, COLOURS[grade], flag)

    def render_status(self, record):
        css = {"operating": "success", "suspended": "warning", "cancelled": "secondary"}[record.status]
        return format_html('<span class="badge text-bg-{}">{}</span>', css, record.get_status_display())
