"""Services for the expert registry and the duty roster (safety office maintains both)."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction

from core.exceptions import ServiceError

from .models import DutyShift, Expert, RegistryEvent
from .roles import Role
from .scope import within



def _office(user):
    if not (user.is_authenticated and user.role == Role.SAFETY_OFFICE and user.region_id):
        raise PermissionDenied("专家库和值班表由安委办维护。")


@transaction.atomic
def save_expert(user, expert, data, sectors=()):
    _office(user)
    if expert is not None and not Expert.objects.for_user(user).filter(pk=expert.pk).exists():
        raise PermissionDenied("该专家不在您的管理范围内。")
    if not (data.get("name") or "").strip() or not (data.get("field") or "").strip():
        raise ServiceError("请填写姓名和专业领域。", field="name")
    expert = expert or Expert(region=user.region)
    for key in ("name", "field", "title", "employer", "phone", "available"):
        if key in data:
            setattr(expert, key, data[key].strip() if isinstance(data[key], str) else data[key])
    expert.save()
    expert.sectors.set(sectors)
    RegistryEvent.objects.create(object_type="expert", object_id=expert.pk, region=expert.region, actor=user,
                                 type="saved", data={"name": expert.name, "field": expert.field})
    return expert


@transaction.atomic
def add_shift(user, *, date, start, end, role, person):
    _office(user)
    within(user, person, "person", "值班人员")
    # An end at or before the start ends the next day: 08:30–08:30 is the usual 24-hour shift.
    if DutyShift.objects.filter(person=person, date=date, start=start).exists():
        raise ServiceError(f"{person.name} 在该时段已有值班安排。", field="person")
    shift = DutyShift.objects.create(region=user.region, date=date, start=start, end=end, role=role, person=person)
    RegistryEvent.objects.create(object_type="duty", object_id=shift.pk, region=shift.region, actor=user,
                                 type="added", data={"date": date, "person": person.name, "role": role})
    return shift


def week(user, monday):
    """Seven days of shifts from `monday`, in the user's scope, for the printable week view."""
    days = [monday + datetime.timedelta(days=i) for i in range(7)]
    shifts = (DutyShift.objects.for_user(user).filter(date__range=(days[0], days[-1]))
              .select_related("person__unit").order_by("date", "start", "role"))
    by_day = {d: [] for d in days}
    for s in shifts:
        by_day[s.date].append(s)
    return list(by_day.items())


