"""应急物资 and 救援队伍 as Excel: one column list per register for export, template and import, so
an exported file (with full phone numbers, for the safety office) reads back unchanged. A row
names a record by its 物资名称 + 存放地点 (supplies) or 队伍名称 (teams): new rows are added, changed
rows updated, equal rows left alone — each added or changed record writes an event row."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError

from core.excel import cell_text, new_workbook, parse_date, parse_decimal, parse_int, workbook_bytes, write_table
from core.imports import Importer
from core.validators import MASKED_IN_IMPORT, is_masked, mask_phone, validate_phone
from org.models import Unit
from org.roles import Role

from .models import EmergencyEvent, EmergencySupply, RescueTeam

EDITORS = {Role.SAFETY_OFFICE}


def can_edit(user):
    return getattr(user, "is_authenticated", False) and user.role in EDITORS


class Register:
    """What one register's sheet holds: (header, field, kind) per column; kinds are text, choice,
    decimal, int, date, unit and phone."""

    model = None
    columns = []
    key = []  # the fields that name a record in its region
    title = ""
    noun = ""

    def labels(self, field):
        return dict(self.model._meta.get_field(field).choices)

    def cell(self, obj, field, kind, full_phones):
        value = getattr(obj, field)
        if kind == "choice":
            return self.labels(field).get(value, "")
        if kind == "unit":
            return value.name if value else ""
        if kind == "phone":
            return value if full_phones else mask_phone(value)
        if kind == "decimal":
            return float(value) if value is not None else None
        return value

    def rows(self, queryset, full_phones=False):
        return [[self.cell(o, f, k, full_phones) for _, f, k in self.columns] for o in queryset]

    def workbook(self, queryset, full_phones=False):
        wb = new_workbook(self.title)
        write_table(wb.active, [h for h, _, _ in self.columns], self.rows(queryset, full_phones),
                    {h: 24 for h, _, _ in self.columns})
        return workbook_bytes(wb)


class Supplies(Register):
    model = EmergencySupply
    title, noun = "应急物资", "项"
    key = ["name", "location"]
    columns = [("物资名称", "name", "text"), ("类别", "category", "choice"), ("数量", "quantity", "decimal"),
               ("计量单位", "measure", "text"), ("存放地点", "location", "text"), ("管理单位", "keeper", "unit"),
               ("联系人", "contact", "text"), ("联系电话", "phone", "phone"), ("盘点日期", "checked_on", "date")]


class Teams(Register):
    model = RescueTeam
    title, noun = "救援队伍", "支"
    key = ["name"]
    columns = [("队伍名称", "name", "text"), ("类型", "kind", "choice"), ("人数", "members", "int"),
               ("负责人", "leader", "text"), ("联系电话", "phone", "phone"), ("驻地", "location", "text"),
               ("主要装备", "equipment", "optional"), ("所属单位", "unit", "unit")]


SUPPLIES, TEAMS = Supplies(), Teams()


class RegisterImporter(Importer):
    register = None

    @property
    def required(self):
        return [h for h, _, k in self.register.columns if k not in ("optional", "unit", "date")]

    @property
    def columns(self):
        return ["状态"] + [h for h, _, _ in self.register.columns]

    def allowed(self, user):
        return can_edit(user)

    def export(self, user):
        return self.register.workbook(self.register.model.objects.for_user(user), full_phones=True)

    def _value(self, user, row, header, field, kind, raw, errors, units):
        text = cell_text(raw.get(header))
        def fail(message):
            errors.append({"row": row, "column": header, "message": message})
        if not text:
            if kind in ("optional", "unit", "date"):
                return None if kind != "optional" else ""
            fail(f"“{header}”不能为空")
            return None
        try:
            if kind == "choice":
                mapping = {label: value for value, label in self.register.labels(field).items()}
                if text not in mapping:
                    fail(f"“{text}”无效，可填：" + "、".join(mapping))
                    return None
                return mapping[text]
            if kind == "decimal":
                value = parse_decimal(raw.get(header))
                if value is None or value < 0:
                    raise ValueError("应为不小于 0 的数字")
                return value.quantize(Decimal("0.01"))
            if kind == "int":
                value = parse_int(raw.get(header))
                if value is None or value < 1:
                    raise ValueError("应为正整数")
                return value
            if kind == "date":
                return parse_date(raw.get(header))
            if kind == "unit":
                unit = units.get(text)
                if unit is None:
                    fail(f"单位“{text}”不存在或不在您的管理范围内")
                return unit
            if kind == "phone":
                if is_masked(text):
                    fail(f"“{text}”{MASKED_IN_IMPORT}")
                    return None
                validate_phone(text)
            return text[:self.register.model._meta.get_field(field).max_length or 300]
        except ValueError as exc:
            fail(f"“{text}”{exc}")
        except ValidationError as exc:
            fail(exc.messages[0])
        return None

    def parse(self, user, raw_rows):
        if not self.allowed(user):
            raise PermissionDenied("只有安委办可以维护应急资源。")
        units = {u.name: u for u in Unit.objects.for_user(user).filter(active=True)}
        existing = {tuple(getattr(o, k) for k in self.register.key): o
                    for o in self.register.model.objects.filter(region=user.region)}
        parsed, errors, seen = [], [], set()
        for number, raw in raw_rows:
            values = {f: self._value(user, number, h, f, k, raw, errors, units) for h, f, k in self.register.columns}
            key = tuple(values[k] for k in self.register.key)
            if key in seen:
                errors.append({"row": number, "column": self.register.columns[0][0],
                               "message": "与前面的行重复（" + "、".join(str(k) for k in key) + "）"})
            seen.add(key)
            current = existing.get(key)
            same = current is not None and all(getattr(current, f) == v for f, v in values.items())
            parsed.append({"row": number, "values": values, "pk": current.pk if current else None,
                           "unchanged": same})
        return parsed, errors

    def cells(self, parsed_row):
        state = "无变化" if parsed_row["unchanged"] else ("修改" if parsed_row["pk"] else "新增")
        values = parsed_row["values"]
        return [state] + [getattr(values[f], "name", values[f]) if k == "unit" else
                          mask_phone(values[f] or "") if k == "phone" else values[f]
                          for _, f, k in self.register.columns]

    def commit(self, user, parsed_rows):
        added = changed = 0
        model = self.register.model
        for row in parsed_rows:
            if row["unchanged"]:
                continue
            if row["pk"]:
                obj = model.objects.get(pk=row["pk"], region=user.region)
                for field, value in row["values"].items():
                    setattr(obj, field, value)
                obj.save()
                changed += 1
            else:
                obj = model.objects.create(region=user.region, **row["values"])
                added += 1
            EmergencyEvent.objects.create(type="changed" if row["pk"] else "added", actor=user, region=user.region,
                                          object_type=model._meta.model_name, object_id=obj.pk,
                                          data={"row": row["row"]})
        return {"added": added, "changed": changed}

    def summary(self, parsed_rows):
        new = sum(1 for r in parsed_rows if not r["pk"])
        changed = sum(1 for r in parsed_rows if r["pk"] and not r["unchanged"])
        return f"新增 {new} {self.register.noun}，修改 {changed} {self.register.noun}，无变化 {len(parsed_rows) - new - changed} {self.register.noun}"


class SupplyImporter(RegisterImporter):
    kind, register = "emergency_supplies", SUPPLIES
    title = "导入应急物资"
    url_prefix = "safety:supplies"
    done_url = "/safety/emergency/supplies/"
    hint = "按“物资名称 + 存放地点”对应已有物资：新的新增，有变化的更新，其余不变。联系电话须为完整号码。"
    result_labels = {"added": "新增 {} 项", "changed": "更新 {} 项"}


class TeamImporter(RegisterImporter):
    kind, register = "rescue_teams", TEAMS
    title = "导入救援队伍"
    url_prefix = "safety:teams"
    done_url = "/safety/emergency/teams/"
    hint = "按“队伍名称”对应已有队伍：新的新增，有变化的更新，其余不变。联系电话须为完整号码。"
    result_labels = {"added": "新增 {} 支", "changed": "更新 {} 支"}


supply_importer, team_importer = SupplyImporter(), TeamImporter()
