"""隐患排查治理台账 as Excel: export, and import of an existing ledger."""

import datetime
from decimal import Decimal

from django.db.models import Exists, OuterRef
from django.utils import timezone

from core.excel import cell_text, new_workbook, parse_date, parse_decimal, stream_table, workbook_bytes, write_table
from core.fulltext import index_text
from core.imports import Importer
from core.validators import MASKED_IN_IMPORT, is_masked, mask_phone
from enterprises.models import Enterprise
from org.models import Region, Sector
from org.roles import Role
from org.scope import get_scope

from . import events as ev
from .services import criterion_fits
from .models import Criterion, Hazard, HazardEvent, State, Supervision
from core.numbering import next_number

EXPORT_COLUMNS = [
    "隐患编号", "隐患名称", "隐患等级", "状态", "行业领域", "企业名称", "统一社会信用代码", "公共场所", "所属区划", "位置",
    "判定标准编号", "来源渠道", "发现日期", "隐患描述", "整改责任人", "责任人电话", "监管单位", "整改期限", "原定整改期限",
    "整改完成日期", "销号日期", "整改资金（万元）", "挂牌督办", "逾期",
]
IMPORT_COLUMNS = [
    "隐患编号", "隐患名称", "隐患等级", "状态", "行业领域", "统一社会信用代码", "公共场所", "所属区划", "位置", "判定标准编号",
    "来源渠道", "发现日期", "隐患描述", "整改责任人", "责任人电话", "整改期限", "整改完成日期", "销号日期", "整改资金（万元）",
]
REQUIRED = ["隐患名称", "隐患等级", "行业领域", "发现日期", "隐患描述"]
# An existing ledger knows three stages; finer states are reached in Zhiben itself.
IMPORT_STATES = {"已上报": State.REPORTED, "整改中": State.RECTIFYING, "已销号": State.CLOSED}
WIDTHS = {"隐患名称": 30, "企业名称": 30, "隐患描述": 40, "判定标准编号": 12}


def export_rows(queryset, full_phones=False):
    personal = (lambda v: v) if full_phones else mask_phone
    today = timezone.localdate()
    qs = queryset.select_related("enterprise", "sector", "region", "criterion", "supervising_unit").annotate(
        listed=Exists(Supervision.objects.filter(hazard=OuterRef("pk"), lifted_at__isnull=True)))
    for h in qs.iterator(chunk_size=2000):
        yield [
            h.number, h.title, h.get_level_display(), h.get_state_display(), h.sector.name,
            h.enterprise.name if h.enterprise_id else "", h.enterprise.credit_code if h.enterprise_id else "",
            h.place_name, h.region.name, h.address, h.criterion.code if h.criterion_id else "",
            h.get_source_display(), h.discovered_on, h.description, h.owner_name, personal(h.owner_phone),
            h.supervising_unit.name if h.supervising_unit_id else "", h.deadline, h.original_deadline,
            h.rectified_on, timezone.localtime(h.closed_at).date() if h.closed_at else None,
            float(h.plan_funds) if h.plan_funds is not None else None, "是" if h.listed else "",
            "是" if (h.deadline and h.deadline < today and h.state in ("pending_confirmation", "confirmed",
                                                                       "rectifying")) else "",
        ]


def export_file(queryset, full_phones=False):
    """The ledger as an .xlsx temporary file, written row by row from the database (constant memory)."""
    return stream_table("隐患排查治理台账", EXPORT_COLUMNS,
                        export_rows(queryset.order_by("discovered_on", "id"), full_phones), WIDTHS, landscape=True)


def export_workbook(queryset, full_phones=False):
    with export_file(queryset, full_phones) as f:
        return f.read()


def _norm(value):
    """A ledger cell as compared on re-import: dates as ISO days, numbers without trailing zeros."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return format(Decimal(str(value)).normalize(), "f")
    return cell_text(value)


def ledger_cells(queryset):
    """number → {import column: cell} for these hazards, as the ledger export writes them."""
    out = {}
    for row in export_rows(queryset, full_phones=True):
        cells = dict(zip(EXPORT_COLUMNS, row))
        out[cells["隐患编号"]] = {c: _norm(cells.get(c)) for c in IMPORT_COLUMNS}
    return out


def template_workbook(user):
    wb = new_workbook("隐患台账")
    write_table(wb.active, [c + ("*" if c in REQUIRED else "") for c in IMPORT_COLUMNS], [], WIDTHS)
    notes = wb.create_sheet("填写说明")
    write_table(notes, ["项目", "可填写的值"], [
        ["必填列", "、".join(REQUIRED) + "；企业隐患填统一社会信用代码，公共场所隐患填公共场所和所属区划"],
        ["隐患等级", "重大、一般（重大须填判定标准编号）"],
        ["状态", "、".join(IMPORT_STATES) + "（空白为已上报；已销号须填销号日期）"],
        ["行业领域", "、".join(Sector.objects.filter(active=True).order_by("path").values_list("name", flat=True))],
        ["判定标准编号", "、".join(Criterion.objects.filter(active=True).values_list("code", flat=True))],
        ["来源渠道", "、".join(label for _, label in Hazard.Source.choices)],
        ["隐患编号", "可空（系统自动编号）；填写的编号不能与系统中已有编号重复"],
    ], {"项目": 14, "可填写的值": 100})
    return workbook_bytes(wb)


class HazardImporter(Importer):
    kind = "hazards"
    title = "导入隐患排查治理台账"
    required = REQUIRED
    columns = ["编号", "隐患名称", "等级", "状态", "企业/场所"]
    url_prefix = "hazards"
    done_url = "hazards:list"
    hint = "或使用本单位原有 Excel 台账（列名与模板一致即可）"
    result_labels = {"created": "导入隐患 {} 项", "unchanged": "已在系统中、无变化 {} 项"}

    def allowed(self, user):
        return user.is_authenticated and user.role in (Role.SAFETY_OFFICE, Role.UNIT_STAFF)

    def parse(self, user, raw_rows):
        scope = get_scope(user)
        sectors = {s.name: s for s in Sector.objects.filter(active=True)}
        criteria = {c.code: c for c in Criterion.objects.filter(active=True).select_related("sector")}
        regions = {r.name: r for r in Region.objects.for_user(user)}
        sources = {label: value for value, label in Hazard.Source.choices}
        codes = [cell_text(raw.get("统一社会信用代码")).upper() for _, raw in raw_rows]
        enterprises = {e.credit_code: e for e in Enterprise.objects.for_user(user).filter(credit_code__in=codes)
                       .select_related("region")}
        numbers = [cell_text(raw.get("隐患编号")) for _, raw in raw_rows]
        taken = set(Hazard.objects.filter(number__in=[n for n in numbers if n]).values_list("number", flat=True))
        # Hazards already in the system come back from the ledger this register exported: a row equal to
        # the record is "无变化"; a different one is refused (the import adds hazards, it does not edit them).
        recorded = ledger_cells(Hazard.objects.for_user(user).filter(number__in=[n for n in numbers if n]))
        errors, parsed, seen = [], [], {}
        today = timezone.localdate()

        def err(row, col, msg):
            errors.append({"row": row, "column": col, "message": msg})

        def date(row, col, value, required=False):
            try:
                d = parse_date(value)
            except ValueError as exc:
                err(row, col, f"“{cell_text(value)}”{exc}")
                return None
            if d is None and required:
                err(row, col, "不能为空")
            return d

        for row, raw in raw_rows:
            r = {"row": row}
            number = cell_text(raw.get("隐患编号"))
            if number in recorded and number not in seen:
                seen[number] = row
                differing = [c for c in IMPORT_COLUMNS if _norm(raw.get(c)) != recorded[number][c]]
                if differing:
                    err(row, "隐患编号", f"编号 {number} 的隐患已在系统中，本行与之不同（{'、'.join(differing)}）："
                                        "台账导入只新增隐患，已登记的隐患请在系统中办理")
                else:
                    parsed.append({"row": row, "number": number, "unchanged": True, "title": cell_text(raw.get("隐患名称")),
                                   "level": {"重大": "major"}.get(cell_text(raw.get("隐患等级")), "general")})
                continue
            if number in taken:
                err(row, "隐患编号", f"编号 {number} 已存在（该隐患可能已导入）")
            elif number and number in seen:
                err(row, "隐患编号", f"与第{seen[number]}行重复")
            seen.setdefault(number, row)
            r["number"] = number
            for col, key in (("隐患名称", "title"), ("隐患描述", "description")):
                r[key] = cell_text(raw.get(col))
                if not r[key]:
                    err(row, col, "不能为空")
            level = {"重大": "major", "一般": "general"}.get(cell_text(raw.get("隐患等级")))
            if level is None:
                err(row, "隐患等级", f"“{cell_text(raw.get('隐患等级'))}”无效，可填：重大、一般")
            r["level"] = level or "general"
            sector = sectors.get(cell_text(raw.get("行业领域")))
            if sector is None:
                err(row, "行业领域", f"“{cell_text(raw.get('行业领域'))}”不是已配置的行业领域")
            elif scope.sector_ids is not None and sector.pk not in scope.sector_ids:
                err(row, "行业领域", f"“{sector.name}”不在本单位的监管范围内")
            r["sector"] = sector
            code = cell_text(raw.get("统一社会信用代码")).upper()
            r["enterprise"] = enterprises.get(code) if code else None
            if code and r["enterprise"] is None:
                err(row, "统一社会信用代码", f"{code} 不是您管理范围内已登记的企业")
            r["place_name"] = cell_text(raw.get("公共场所"))
            region = regions.get(cell_text(raw.get("所属区划")))
            if not code:
                if not r["place_name"]:
                    err(row, "公共场所", "企业隐患请填统一社会信用代码，公共场所隐患请填场所名称")
                if region is None:
                    err(row, "所属区划", f"区划“{cell_text(raw.get('所属区划'))}”不存在或不在您的管理范围内")
            r["region"] = r["enterprise"].region if r["enterprise"] else region
            ccode = cell_text(raw.get("判定标准编号"))
            r["criterion"] = criteria.get(ccode) if ccode else None
            if ccode and r["criterion"] is None:
                err(row, "判定标准编号", f"“{ccode}”不是有效的判定标准编号")
            if level == "major" and r["criterion"] is None and not ccode:
                err(row, "判定标准编号", "重大事故隐患必须填写判定标准编号")
            if r["criterion"] is not None and sector is not None and not criterion_fits(r["criterion"], sector):
                err(row, "判定标准编号", f"“{ccode}”属于“{r['criterion'].sector.name}”行业，与行业领域“{sector.name}”不符")
            source_text = cell_text(raw.get("来源渠道"))
            r["source"] = sources.get(source_text, Hazard.Source.OTHER if not source_text else None)
            if r["source"] is None:
                err(row, "来源渠道", f"“{source_text}”无效，可填：" + "、".join(sources))
                r["source"] = Hazard.Source.OTHER
            state_text = cell_text(raw.get("状态")) or "已上报"
            r["state"] = IMPORT_STATES.get(state_text)
            if r["state"] is None:
                err(row, "状态", f"“{state_text}”无效，可填：" + "、".join(IMPORT_STATES))
            r["discovered_on"] = date(row, "发现日期", raw.get("发现日期"), required=True)
            if r["discovered_on"] and r["discovered_on"] > today:
                err(row, "发现日期", "不能晚于今天")
            r["deadline"] = date(row, "整改期限", raw.get("整改期限"))
            r["rectified_on"] = date(row, "整改完成日期", raw.get("整改完成日期"))
            r["closed_on"] = date(row, "销号日期", raw.get("销号日期"))
            if r["state"] == State.CLOSED and r["closed_on"] is None:
                err(row, "销号日期", "状态为已销号时必须填写销号日期")
            if r["state"] == State.RECTIFYING and r["deadline"] is None:
                err(row, "整改期限", "状态为整改中时必须填写整改期限")
            try:
                r["funds"] = parse_decimal(raw.get("整改资金（万元）"))
            except ValueError:
                err(row, "整改资金（万元）", "应为数字")
                r["funds"] = None
            r["address"] = cell_text(raw.get("位置"))
            r["owner_name"] = cell_text(raw.get("整改责任人"))
            r["owner_phone"] = cell_text(raw.get("责任人电话"))
            if is_masked(r["owner_phone"]):
                err(row, "责任人电话", f"“{r['owner_phone']}”{MASKED_IN_IMPORT}")
            parsed.append(r)
        return parsed, errors

    def cells(self, r):
        if r.get("unchanged"):
            return [r["number"], r["title"], "重大" if r["level"] == "major" else "一般", "已在系统中，无变化", ""]
        return [r["number"] or "（自动）", r["title"], "重大" if r["level"] == "major" else "一般",
                dict((v, k) for k, v in IMPORT_STATES.items()).get(r["state"], ""),
                r["enterprise"].name if r["enterprise"] else r["place_name"]]

    def summary(self, parsed):
        new = [r for r in parsed if not r.get("unchanged")]
        major = sum(1 for r in new if r["level"] == "major")
        return f"新增重大 {major} 项，一般 {len(new) - major} 项；已在系统中、无变化 {len(parsed) - len(new)} 项"

    def export(self, user):
        return export_workbook(Hazard.objects.for_user(user), full_phones=True)

    def commit(self, user, parsed):
        unchanged = sum(1 for r in parsed if r.get("unchanged"))
        parsed = [r for r in parsed if not r.get("unchanged")]
        for r in parsed:
            closed_at = (timezone.make_aware(datetime.datetime.combine(r["closed_on"], datetime.time(12)))
                         if r["closed_on"] else None)
            h = Hazard(
                number=r["number"] or next_number(r["region"], r["discovered_on"].year), level=r["level"],
                state=r["state"], sector=r["sector"], region=r["region"], enterprise=r["enterprise"],
                place_kind=Hazard.PlaceKind.ENTERPRISE if r["enterprise"] else Hazard.PlaceKind.OTHER,
                place_name=r["place_name"], title=r["title"], description=r["description"], address=r["address"],
                criterion=r["criterion"], source=r["source"], discovered_on=r["discovered_on"], reported_by=user,
                owner_name=r["owner_name"], owner_phone=r["owner_phone"], deadline=r["deadline"],
                original_deadline=r["deadline"], rectified_on=r["rectified_on"] or (r["closed_on"] if closed_at else None),
                closed_at=closed_at, accepted_at=closed_at, plan_funds=r["funds"],
                supervising_unit=user.unit if user.role == Role.UNIT_STAFF else None,
            )
            h.search_text = index_text(h.number, h.title, h.description, h.address, h.place_name,
                                       h.enterprise.name if h.enterprise else "", h.owner_name)
            h.save()
            HazardEvent.objects.create(hazard=h, type=ev.IMPORTED, actor=user, to_state=h.state,
                                       comment="从原有台账导入", data={"row": r["row"]})
        return {"created": len(parsed), "unchanged": unchanged}


importer = HazardImporter()
