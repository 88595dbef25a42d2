"""Build the demo counties (乌审旗 with ~60 enterprises, 沁水县 with its 专班) and one login per role.

Idempotent: a second run only prints the logins.
"""

import datetime
import random
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from demo import data as D
from core.validators import make_credit_code
from enterprises import services
from enterprises.models import Contact, Enterprise, Vehicle
from hazards.criteria_seed import seed_criteria
from hazards.models import Criterion, Hazard
from org.models import Person, Region, Sector, Unit, User, WorkingGroup, WorkingGroupMember
from org.roles import Role
from org.sector_defaults import ensure_default_sectors

from demo import hazards_demo as hazard_demo
from demo import inspections_demo as inspection_demo
from demo import appraisal_demo, city_demo, duties_demo, obligations_demo, safety_demo


class Command(BaseCommand):
    help = "加载演示数据（乌审旗、沁水县、鄂尔多斯市）并创建各角色演示账号"

    def handle(self, *args, **options):
        if Region.objects.filter(code="150626").exists():
            self.stdout.write("演示数据已存在，跳过加载。")
        else:
            with transaction.atomic():
                self.build()
            self.stdout.write(self.style.SUCCESS(
                f"演示数据已加载：企业 {Enterprise.objects.count()} 家，单位 {Unit.objects.count()} 个，"
                f"人员 {Person.objects.count()} 人，隐患 {Hazard.objects.count()} 项。"
            ))
        self.print_logins()

    def print_logins(self):
        self.stdout.write("\n演示账号（密码均为 %s）：" % D.DEMO_PASSWORD)
        for u in User.objects.filter(username__in=[row[0] for row in D.DEMO_USERS + D.CITY_USERS]).select_related(
            "region", "unit", "enterprise"
        ).order_by("id"):
            anchor = u.enterprise or u.unit or u.region
            self.stdout.write(f"  {u.username:<11} {u.get_role_display():<8} {u}（{anchor}）")

    # --- building -----------------------------------------------------------------

    def build(self):
        ensure_default_sectors(Sector)  # after `manage.py flush` the seeded tree is gone too
        seed_criteria(Criterion, Sector)
        self.rng = random.Random(2024)
        regions = {}
        for code, name, level, parent in D.REGIONS:
            regions[code] = Region.objects.create(code=code, name=name, level=level, parent=regions.get(parent),
                                                  abbr=D.ABBR.get(code, ""))
        self.regions = regions
        self.sectors = {s.code: s for s in Sector.objects.all()}
        wushen_units = self.make_units(regions["150626"], D.WUSHEN_UNITS)
        qinshui_units = self.make_units(regions["140521"], D.QINSHUI_UNITS)
        people = self.make_wushen_people(wushen_units)
        people.update(self.make_qinshui(regions["140521"], qinshui_units))
        self.units = {"wushen": wushen_units, "qinshui": qinshui_units}
        self.people = people
        users = self.make_users()
        safety = users["safety"]
        wushen = self.make_enterprises(safety, "150626", D.ENTERPRISE_MIX, "乌审旗", "蒙K")
        small_mix = [(code, 1, suffix, kind) for code, _, suffix, kind in D.ENTERPRISE_MIX[:8]]
        self.make_enterprises(users["qinshui"], "140521", small_mix, "沁水县", "晋E")
        # The enterprise demo login is the principal of a dangerous-goods carrier.
        carrier = next(e for e in wushen if e.sectors.filter(code="road-dangerous-goods").exists())
        ent_user = users["enterprise"]
        ent_user.enterprise = carrier
        ent_user.region = carrier.region
        principal = carrier.contacts.filter(role=Contact.Role.PRINCIPAL).first()
        ent_user.last_name = principal.name if principal else carrier.name
        ent_user.save()
        # Some history so the status screens are not empty.
        services.change_status(safety, wushen[7].pk, Enterprise.Status.SUSPENDED, "重大事故隐患未按期整改，责令停产整顿")
        services.change_status(safety, wushen[20].pk, Enterprise.Status.CANCELLED, "企业申请注销道路运输经营许可")
        hazard_demo.build(users, wushen, timezone.localdate())
        inspection_demo.build(users, self.units)
        safety_demo.build(users)
        self.load_plan(safety)
        self.report_history(safety)
        duties_demo.build(users)
        obligations_demo.build(users)
        appraisal_demo.build(users)
        city_demo.build(self.regions, users)
        # This morning's reminder pass, as the scheduler would have run it: the inboxes open
        # with today's digests.
        from notify.reminders import run_pass

        run_pass(timezone.localdate())

    def load_plan(self, safety):
        """The 2026 work plan, read by the real parser and saved by the real import, so the
        demo county has its ledger and its monthly/yearly reporting duties configured."""
        from pathlib import Path

        from plans import services as plan_services
        from plans.parsing import parse_file

        parsed = parse_file(Path(__file__).resolve().parents[2] / "demo_plan.txt")
        names = sorted({n for t in parsed["tasks"] for n in t["lead_units"] + t["units"]})
        matched = plan_services.match_units(safety, names)
        plan_services.import_plan(safety, parsed, {n: (u.pk if u else "new") for n, u in matched.items()},
                                  "demo_plan.txt")

    def report_history(self, safety):
        """Past reporting slots handed in, most on time, some late, a few never — so the calendar,
        the 晾晒 ranking and the dashboard show a year's history. Submitted through the service,
        then back-dated (the service stamps "now")."""
        from django.core.files.uploadedfile import SimpleUploadedFile

        from plans import services as plan_services
        from plans.models import DutyEvent, ReportingDuty, Slot
        from reports.models import Submission, SubmissionEvent
        from reports.services import submit_dispatch

        rng = random.Random(7)
        today = timezone.localdate()
        material = _material_docx()
        for slot in (Slot.objects.filter(due_date__lt=today, duty__plan__region=safety.region)
                     .select_related("duty", "unit").order_by("id")):
            roll = rng.random()
            if roll < 0.08:
                continue  # 未报送
            if slot.duty.kind == ReportingDuty.Kind.FORM:
                submit_dispatch(safety, slot.pk, head="呼日亚图", filler="刘志刚", phone="04778612345")
            else:  # a 文件材料 slot takes its document
                name = f"{slot.unit.name}{slot.period}报送材料.docx"
                plan_services.submit_slot(safety, slot.pk, "按时报送" if roll > 0.2 else "逾期补报",
                                          files=[SimpleUploadedFile(name, material)])
            days = -rng.randint(0, 5) if roll > 0.2 else rng.randint(1, 6)
            when = timezone.make_aware(datetime.datetime.combine(slot.due_date + datetime.timedelta(days=days),
                                                                 datetime.time(16, 30)))
            when = min(when, timezone.now())
            Slot.objects.filter(pk=slot.pk).update(submitted_at=when)
            # One clock: the table, its review (the office filed it itself: accepted at once) and their events.
            Submission.objects.filter(slot=slot).update(submitted_at=when)
            Submission.objects.filter(slot=slot, reviewed_at__isnull=False).update(reviewed_at=when)
            SubmissionEvent.objects.filter(submission__slot=slot).update(created_at=when)
            DutyEvent.objects.filter(data__slot=slot.pk, type="submitted").update(created_at=min(when, timezone.now()))

    def make_units(self, region, rows):
        units = {}
        for key, name, kind, parent, sector_codes in rows:
            unit = Unit.objects.create(name=name, kind=kind, region=region, parent=units.get(parent))
            unit.sectors.set([self.sectors[c] for c in sector_codes])
            units[key] = unit
        return units

    def phone(self):
        return "1" + self.rng.choice("3578") + "".join(self.rng.choice("0123456789") for _ in range(9))

    def make_wushen_people(self, units):
        people = {}
        for name, unit_key, position, _ in D.WUSHEN_PEOPLE:
            people[name] = Person.objects.create(name=name, unit=units[unit_key], position=position, phone=self.phone())
        for key, head in D.WUSHEN_HEADS.items():
            units[key].head = people[head]
            units[key].save(update_fields=["head"])
        g = D.WUSHEN_GROUP
        group = WorkingGroup.objects.create(
            name=g["name"], kind=WorkingGroup.Kind.LEADING, region=units["bureau"].region,
            office_unit=units[g["office_unit"]], duties=g["duties"],
        )
        for order, (name, _, position, role) in enumerate(D.WUSHEN_PEOPLE):
            WorkingGroupMember.objects.create(group=group, role=role, person=people[name], title=position, sort_order=order)
        WorkingGroupMember.objects.create(
            group=group, role=WorkingGroupMember.Role.OFFICE_DIRECTOR, person=people[g["office_director"]],
            title="领导小组办公室主任", sort_order=100,
        )
        return people

    def make_qinshui(self, region, units):
        people = {name: Person.objects.create(name=name, unit=units[key], phone=self.phone())
                  for name, key in D.QINSHUI_PEOPLE}
        leading = WorkingGroup.objects.create(
            name=D.QINSHUI_LEADING_GROUP, kind=WorkingGroup.Kind.LEADING, region=region, office_unit=units["bureau"],
            duties="组长由分管副县长担任，副组长由县政府协管科级干部、县交通运输局局长担任，成员由局属各单位、机关有关股室主要负责同志组成。",
        )
        for name, leader, deputies, member_units in D.QINSHUI_TASK_FORCES:
            group = WorkingGroup.objects.create(
                name=name, kind=WorkingGroup.Kind.TASK_FORCE, region=region, parent=leading,
            )
            order = 0
            WorkingGroupMember.objects.create(group=group, role="leader", person=people[leader], sort_order=order)
            for deputy in deputies:
                order += 1
                WorkingGroupMember.objects.create(group=group, role="deputy", person=people[deputy], sort_order=order)
            for key in member_units:
                order += 1
                WorkingGroupMember.objects.create(
                    group=group, role="member", unit=units[key], title="负责人、业务骨干", sort_order=order
                )
        return {f"qs:{k}": v for k, v in people.items()}

    def make_users(self):
        counties = {"wushen": self.regions["150626"], "qinshui": self.regions["140521"]}
        users = {}
        for username, role, person_name, county, unit_key in D.DEMO_USERS:
            unit = self.units[county].get(unit_key) if unit_key else None
            person = self.people.get(person_name) or self.people.get(f"qs:{person_name}")
            user = User(username=username, role=role, region=counties[county], unit=unit, person=person,
                        last_name=person_name or Role(role).label, is_staff=(role == Role.SYS_ADMIN))
            user.set_password(D.DEMO_PASSWORD)
            user.save()
            users[username] = user
        return users

    def make_enterprises(self, actor, county_code, mix, prefix, plate_prefix):
        rng = self.rng
        towns = [r for r in self.regions.values() if r.parent_id == self.regions[county_code].pk]
        names = list(D.TRADE_NAMES)
        rng.shuffle(names)
        today = datetime.date(2026, 11, 1)
        created = []
        serial = 0
        for sector_code, count, suffix, licence_kind in mix:
            for _ in range(count):
                serial += 1
                town = rng.choice(towns)
                lat, lng = D.TOWN_CENTRES[town.code]
                level = rng.choices(["level1", "level2", "level3", "none"], [1, 4, 5, 4])[0]
                std_date = today - datetime.timedelta(days=rng.randint(100, 1300)) if level != "none" else None
                contacts = [
                    {"role": "principal", "name": self.person_name(), "phone": self.phone(),
                     "training_status": rng.choices(["certified", "trained", "none"], [6, 2, 2])[0],
                     "certificate_no": f"{plate_prefix[0]}AQ{rng.randint(100000, 999999)}"},
                    {"role": "safety_manager", "name": self.person_name(), "phone": self.phone(),
                     "training_status": rng.choices(["certified", "trained", "none"], [6, 3, 1])[0]},
                ]
                licence = {"kind": licence_kind, "number": f"{county_code}{rng.randint(100000, 999999)}",
                           "issuer": f"{prefix}交通运输局",
                           "valid_until": today + datetime.timedelta(days=rng.randint(-120, 1400))}
                vehicles = rng.randint(5, 120) if sector_code.startswith(("road", "charter", "urban", "taxi", "ride")) else 0
                fields = {
                    "name": f"{prefix}{names.pop()}{suffix}",
                    "credit_code": make_credit_code(county_code, 880000 + serial * 7919),
                    "region": town,
                    "address": f"{town.name}{rng.choice(['建设', '团结', '民族', '人民', '兴业', '工业园'])}路{rng.randint(1, 300)}号",
                    "latitude": Decimal(str(round(lat + rng.uniform(-0.05, 0.05), 6))),
                    "longitude": Decimal(str(round(lng + rng.uniform(-0.05, 0.05), 6))),
                    "legal_representative": contacts[0]["name"],
                    "phone": self.phone(),
                    "vehicles_count": vehicles,
                    "ships_count": 2 if sector_code == "pontoon" else 0,
                    "employees_count": rng.randint(8, 400),
                    "standardization_level": level,
                    "standardization_date": std_date,
                    "credit_level": rng.choices(["AA", "A", "B", "C", ""], [1, 5, 3, 1, 2])[0],
                }
                sector_ids = [self.sectors[sector_code].pk]
                if sector_code == "charter-bus":
                    sector_ids.append(self.sectors["road-passenger"].pk)
                e = services.create_enterprise(actor, fields, sector_ids, contacts, [licence])
                if self.sectors[sector_code].is_two_plus_one or sector_code == "charter-bus":
                    for n in range(min(vehicles, 3)):
                        Vehicle.objects.create(
                            enterprise=e, plate_no=f"{plate_prefix}{rng.randint(10000, 99999)}",
                            vehicle_type="危险货物运输车" if "dangerous" in sector_code else "大型客车",
                            is_two_plus_one=True,
                        )
                created.append(e)
        return created

    def person_name(self):
        return self.rng.choice(D.SURNAMES) + self.rng.choice(D.GIVEN)


def _material_docx():
    """The body of the demo's handed-in materials: a one-page Word document."""
    import io

    from docx import Document

    buf = io.BytesIO()
    doc = Document()
    doc.add_heading("安全生产工作情况报告", level=1)
    doc.add_paragraph("本期开展隐患排查治理、监督检查和宣传培训，各项工作按计划推进。")
    doc.save(buf)
    return buf.getvalue()
