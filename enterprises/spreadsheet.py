"""Enterprise lists as Excel: export, import template, and import parsing.

Export and import share one column list, so an exported file can be edited
and imported back.
"""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError

from core.excel import cell_text, new_workbook, parse_date, parse_decimal, parse_int, workbook_bytes, write_table
from core.imports import Importer
from core.validators import MASKED_IN_IMPORT, is_masked, mask_phone, normalize_credit_code, validate_credit_code, validate_phone
from org.models import Region, Sector
from org.scope import get_scope

from . import permissions, services
from .models import Contact, Enterprise, EnterpriseEvent, Licence

COLUMNS = [
    "企业名称", "统一社会信用代码", "行业领域", "所属区划", "地址", "纬度", "经度", "法定代表人", "联系电话",
    "主要负责人", "主要负责人电话", "安全管理人员", "安全管理人员电话", "许可证类型", "许可证号", "许可证有效期至",
    "车辆数", "船舶数", "从业人员数", "标准化等级", "标准化证书日期", "信用等级", "经营状态",
]
EXPORT_ONLY = ["两客一危", "标准化有效期至"]
REQUIRED = ["企业名称", "统一社会信用代码", "行业领域", "所属区划"]
# Sectors are listed with 、 (as the export writes them); a name may itself hold "/" (收费站/服务区), so "/"
# and spaces split a token only when the whole token is not a sector's name.
LIST_SPLIT = re.compile(r"[、，,；;\n]+")
LOOSE_SPLIT = re.compile(r"[/\s]+")
WIDTHS = {"企业名称": 34, "统一社会信用代码": 22, "行业领域": 24, "地址": 30, "许可证类型": 22}


def _label_map(choices):
    return {label: value for value, label in choices}


STANDARDIZATION = _label_map(Enterprise.Standardization.choices)
CREDIT = _label_map(Enterprise.Credit.choices)
STATUS = _label_map(Enterprise.Status.choices)
LICENCE_KIND = _label_map(Licence.Kind.choices)


def export_rows(queryset, full_phones=False):
    """Every phone (the office line and the contacts') is masked unless the exporter asks for full
    numbers to edit and re-import the register (allowed to importers, audited) — one rule for every
    phone of every export."""
    personal = (lambda v: v) if full_phones else mask_phone
    qs = queryset.select_related("region").prefetch_related("sectors", "contacts", "licences")
    for e in qs.iterator(chunk_size=2000):
        contacts = list(e.contacts.all())
        principal = next((c for c in contacts if c.role == Contact.Role.PRINCIPAL), None)
        manager = next((c for c in contacts if c.role == Contact.Role.SAFETY_MANAGER), None)
        licence = next(iter(e.licences.all()), None)
        yield [
            e.name, e.credit_code, "、".join(s.name for s in e.sectors.all()), e.region.name, e.address,
            float(e.latitude) if e.latitude is not None else None,
            float(e.longitude) if e.longitude is not None else None,
            e.legal_representative, personal(e.phone),
            principal.name if principal else "", personal(principal.phone) if principal else "",
            manager.name if manager else "", personal(manager.phone) if manager else "",
            licence.get_kind_display() if licence else "", licence.number if licence else "",
            licence.valid_until if licence else None,
            e.vehicles_count, e.ships_count, e.employees_count, e.get_standardization_level_display(),
            e.standardization_date, e.get_credit_level_display() if e.credit_level else "", e.get_status_display(),
            "是" if e.is_two_plus_one else "否", e.standardization_expires,
        ]


def export_workbook(queryset, full_phones=False):
    wb = new_workbook("企业名录")
    write_table(wb.active, COLUMNS + EXPORT_ONLY, export_rows(queryset, full_phones), WIDTHS)
    for row in wb.active.iter_rows(min_row=2):
        for cell in row:
            if hasattr(cell.value, "year"):
                cell.number_format = "yyyy-mm-dd"
    return workbook_bytes(wb)


def template_workbook(user):
    """Empty import sheet plus a sheet listing the valid sectors and regions."""
    wb = new_workbook("企业名录")
    write_table(wb.active, [c + ("*" if c in REQUIRED else "") for c in COLUMNS], [], WIDTHS)
    ws = wb.create_sheet("填写说明")
    scope = get_scope(user)
    regions = Region.objects.filter(path__startswith=scope.region_path or "/none/").order_by("path")
    sectors = Sector.objects.filter(active=True).order_by("path")
    write_table(ws, ["项目", "可填写的值"], [
        ["必填列", "、".join(REQUIRED)],
        ["行业领域", "、".join(s.name for s in sectors) + "（多个用顿号分隔）"],
        ["所属区划", "、".join(f"{r.name}（{r.code}）" for r in regions[:200])],
        ["标准化等级", "、".join(STANDARDIZATION)],
        ["信用等级", "、".join(CREDIT)],
        ["经营状态", "、".join(STATUS) + "（空白为在营）"],
        ["许可证类型", "、".join(LICENCE_KIND)],
        ["日期", "2024-06-30 或 2024年6月30日"],
        ["说明", "统一社会信用代码已存在的企业将被更新；整个文件有任何一行错误则全部不导入。"],
    ], {"项目": 14, "可填写的值": 100})
    return workbook_bytes(wb)


class RowParser:
    """Turns raw rows into service arguments, collecting every error with its row and column."""

    def __init__(self, user):
        self.user = user
        scope = get_scope(user)
        self.regions = list(Region.objects.filter(path__startswith=scope.region_path or "/none/"))
        self.sectors = {s.name: s for s in Sector.objects.filter(active=True)}
        self.sectors.update({s.code: s for s in self.sectors.values()})
        self.errors = []

    def error(self, row, column, message):
        self.errors.append({"row": row, "column": column, "message": message})

    def region(self, row, text):
        text = cell_text(text)
        matches = [r for r in self.regions if text in (r.code, r.name)]
        if not matches:
            self.error(row, "所属区划", f"区划“{text}”不存在或不在您的管理范围内")
            return None
        if len(matches) > 1:
            self.error(row, "所属区划", f"区划名称“{text}”不唯一，请填写区划代码")
            return None
        return matches[0]

    def choice(self, row, column, text, mapping, default=""):
        text = cell_text(text)
        if not text:
            return default
        if text not in mapping:
            self.error(row, column, f"“{text}”无效，可填：" + "、".join(mapping))
            return default
        return mapping[text]

    def convert(self, row, column, func, value):
        try:
            return func(value)
        except ValueError as exc:
            self.error(row, column, f"“{cell_text(value)}”{exc}")
            return None

    def phone(self, row, column, value):
        text = cell_text(value)
        if is_masked(text):
            self.error(row, column, f"“{text}”{MASKED_IN_IMPORT}")
            return text
        try:
            validate_phone(text)
        except ValidationError as exc:
            self.error(row, column, exc.messages[0])
        return text

    def parse(self, raw_rows):
        """Return a list of parsed rows; `self.errors` holds what is wrong."""
        parsed, seen_codes = [], {}
        for number, raw in raw_rows:
            r = {"row": number}
            name = cell_text(raw.get("企业名称"))
            if not name:
                self.error(number, "企业名称", "不能为空")
            elif len(name) > 120:
                self.error(number, "企业名称", "不能超过120个字")
            code = normalize_credit_code(cell_text(raw.get("统一社会信用代码")))
            try:
                validate_credit_code(code)
            except ValidationError as exc:
                self.error(number, "统一社会信用代码", exc.messages[0])
            if code in seen_codes:
                self.error(number, "统一社会信用代码", f"与第{seen_codes[code]}行重复")
            seen_codes.setdefault(code, number)
            sector_ids = []
            sector_text = cell_text(raw.get("行业领域"))
            if not sector_text:
                self.error(number, "行业领域", "不能为空")
            for token in filter(None, (t.strip() for t in LIST_SPLIT.split(sector_text))):
                parts = [token] if token in self.sectors else [p for p in LOOSE_SPLIT.split(token) if p]
                unknown = [p for p in parts if p not in self.sectors]
                if unknown:
                    self.error(number, "行业领域", f"“{token}”不是已配置的行业领域")
                    continue
                sector_ids += [self.sectors[p].pk for p in parts if self.sectors[p].pk not in sector_ids]
            region = self.region(number, raw.get("所属区划"))
            lat = self.convert(number, "纬度", parse_decimal, raw.get("纬度"))
            lng = self.convert(number, "经度", parse_decimal, raw.get("经度"))
            if lat is not None and not Decimal(3) <= lat <= Decimal(54):
                self.error(number, "纬度", "应在 3 到 54 之间（中国境内）")
            if lng is not None and not Decimal(73) <= lng <= Decimal(136):
                self.error(number, "经度", "应在 73 到 136 之间（中国境内）")
            fields = {
                "name": name, "credit_code": code, "region": region, "address": cell_text(raw.get("地址")),
                "latitude": round(lat, 6) if lat is not None else None,
                "longitude": round(lng, 6) if lng is not None else None,
                "legal_representative": cell_text(raw.get("法定代表人")),
                "phone": self.phone(number, "联系电话", raw.get("联系电话")),
                "standardization_level": self.choice(
                    number, "标准化等级", raw.get("标准化等级"), STANDARDIZATION, Enterprise.Standardization.NONE
                ),
                "standardization_date": self.convert(number, "标准化证书日期", parse_date, raw.get("标准化证书日期")),
                "credit_level": self.choice(number, "信用等级", raw.get("信用等级"), CREDIT),
            }
            for column, key in (("车辆数", "vehicles_count"), ("船舶数", "ships_count"), ("从业人员数", "employees_count")):
                fields[key] = self.convert(number, column, parse_int, raw.get(column)) or 0
            r["fields"] = fields
            r["sector_ids"] = sector_ids
            r["status"] = self.choice(number, "经营状态", raw.get("经营状态"), STATUS, Enterprise.Status.OPERATING)
            r["contacts"] = []
            for role, col in ((Contact.Role.PRINCIPAL, "主要负责人"), (Contact.Role.SAFETY_MANAGER, "安全管理人员")):
                person = cell_text(raw.get(col))
                phone = self.phone(number, col + "电话", raw.get(col + "电话"))
                if person:
                    r["contacts"].append({"role": role, "name": person, "phone": phone})
            licence_no = cell_text(raw.get("许可证号"))
            r["licence"] = None
            if licence_no:
                r["licence"] = {
                    "kind": self.choice(number, "许可证类型", raw.get("许可证类型"), LICENCE_KIND, Licence.Kind.OTHER),
                    "number": licence_no,
                    "valid_until": self.convert(number, "许可证有效期至", parse_date, raw.get("许可证有效期至")),
                }
            if region is not None and sector_ids:
                problem = permissions.placement_error(self.user, region, sector_ids)
                if problem:
                    self.error(number, "所属区划" if "区划" in problem else "行业领域", problem)
            parsed.append(r)
        self._match_existing(parsed)
        return parsed

    def _match_existing(self, parsed):
        codes = [r["fields"]["credit_code"] for r in parsed]
        existing = dict(Enterprise.objects.filter(credit_code__in=codes).values_list("credit_code", "pk"))
        visible = set(
            Enterprise.objects.for_user(self.user).filter(credit_code__in=codes).values_list("credit_code", flat=True)
        )
        for r in parsed:
            code = r["fields"]["credit_code"]
            r["existing_id"] = existing.get(code)
            if code in existing and code not in visible:
                self.error(r["row"], "统一社会信用代码", "该企业已由其他单位登记，不在您的管理范围内")
        found = (Enterprise.objects.filter(pk__in=[r["existing_id"] for r in parsed if r["existing_id"]])
                 .prefetch_related("sectors", "contacts", "licences"))
        found = {e.pk: e for e in found}
        for r in parsed:
            r["unchanged"] = r["existing_id"] in found and not _differs(found[r["existing_id"]], r)


def _comparable(value):
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, Decimal):
        return value.normalize()
    return "" if value is None else value


def _differs(enterprise, r):
    """Would applying this row change the enterprise? (Its own fields, sectors, contacts, licence, status.)"""
    for key, value in r["fields"].items():
        if _comparable(value) != _comparable(getattr(enterprise, key)):
            return True
    if set(r["sector_ids"]) != {s.pk for s in enterprise.sectors.all()}:
        return True
    if r["status"] != enterprise.status:
        return True
    contacts = [{k: getattr(c, k) for k in services.CONTACT_FIELDS} for c in enterprise.contacts.all()]
    if _merge_contacts(enterprise, r["contacts"], contacts) != contacts:
        return True
    licences = [{k: getattr(lic, k) for k in services.LICENCE_FIELDS} for lic in enterprise.licences.all()]
    return _merge_licences(enterprise, r["licence"], licences) != licences


def _merge_contacts(enterprise, new_contacts, current=None):
    """Replace a role's first contact when the sheet names someone else; keep the rest."""
    rows = [dict(c) for c in current] if current is not None else list(enterprise.contacts.values(*services.CONTACT_FIELDS))
    for new in new_contacts:
        idx = next((i for i, c in enumerate(rows) if c["role"] == new["role"]), None)
        if idx is None:
            rows.append(new)
        elif rows[idx]["name"] != new["name"] or rows[idx]["phone"] != new["phone"]:
            rows[idx] = new
    return rows


def _merge_licences(enterprise, licence, current=None):
    rows = [dict(lic) for lic in current] if current is not None else list(enterprise.licences.values(*services.LICENCE_FIELDS))
    if licence:
        idx = next((i for i, lic in enumerate(rows) if lic["number"] == licence["number"]), None)
        if idx is None:
            rows.append(licence)
        else:
            rows[idx].update({k: v for k, v in licence.items() if v is not None})
    return rows


def apply_rows(user, parsed):
    """Create or update every parsed row (inside the importer's transaction)."""
    created = updated = unchanged = 0
    for r in parsed:
        if r.get("unchanged"):
            unchanged += 1  # as recorded: no edit, no event
            continue
        if r["existing_id"] is None:
            fields = dict(r["fields"])
            enterprise = services.create_enterprise(
                user, fields, r["sector_ids"], r["contacts"], [r["licence"]] if r["licence"] else [],
                event_type=EnterpriseEvent.Type.IMPORTED,
            )
            if r["status"] != Enterprise.Status.OPERATING:
                services.change_status(user, enterprise.pk, r["status"], "Excel批量导入")
            created += 1
        else:
            enterprise = Enterprise.objects.get(pk=r["existing_id"])
            services.update_enterprise(
                user, enterprise.pk, None, r["fields"], r["sector_ids"],
                _merge_contacts(enterprise, r["contacts"]), _merge_licences(enterprise, r["licence"]),
                comment="Excel批量导入",
            )
            if r["status"] != enterprise.status:
                services.change_status(user, enterprise.pk, r["status"], "Excel批量导入")
            updated += 1
    return {"created": created, "updated": updated, "unchanged": unchanged}


class EnterpriseImporter(Importer):
    kind = "enterprises"
    title = "Excel 导入企业"
    required = REQUIRED
    columns = ["处理", "企业名称", "统一社会信用代码", "区划"]
    url_prefix = "enterprises"
    done_url = "enterprises:list"
    hint = "或直接使用本系统导出的企业名录；统一社会信用代码已存在的企业将被更新"
    result_labels = {"created": "新增 {} 家", "updated": "更新 {} 家", "unchanged": "无变化 {} 家"}

    def allowed(self, user):
        return permissions.can_import(user)

    def parse(self, user, raw_rows):
        parser = RowParser(user)
        return parser.parse(raw_rows), parser.errors

    def cells(self, r):
        f = r["fields"]
        return ["新增" if r["existing_id"] is None else "无变化" if r.get("unchanged") else "更新", f["name"], f["credit_code"],
                f["region"].name if f["region"] else ""]

    def summary(self, parsed):
        new = sum(1 for r in parsed if r["existing_id"] is None)
        same = sum(1 for r in parsed if r.get("unchanged"))
        return f"新增 {new} 家，更新 {len(parsed) - new - same} 家，无变化 {same} 家"

    def export(self, user):
        return export_workbook(Enterprise.objects.for_user(user).order_by("name", "id"), full_phones=True)

    def commit(self, user, parsed):
        return apply_rows(user, parsed)


importer = EnterpriseImporter()
