"""Issue 24 #1: the demo's timelines agree with its dates. For every record with a timeline, each milestone
column (reported_at, accepted_at, closed_at, done_on, concluded_at …) falls on the day of its event — the
last event of that type — so the 调度统计表 (counting by the column) and the timeline tell the same story."""

import datetime

from django.apps import apps
from django.utils import timezone


def day(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date()
    return value


def mismatches(event_model):
    record_field = next(f for f in event_model._meta.fields if f.is_relation and f.remote_field.related_name == "events")
    last = {}
    for e in event_model.objects.filter(type__in=list(event_model.MILESTONES)).order_by("created_at", "id"):
        last[(getattr(e, record_field.attname), e.type)] = e
    records = record_field.related_model.objects.in_bulk({key[0] for key in last})
    out = []
    for (pk, type), event in last.items():
        column = event_model.MILESTONES[type]
        value = getattr(records[pk], column)
        if value is None or day(value) != day(event.created_at):
            out.append((str(records[pk]), type, day(value), day(event.created_at)))
    return out, len(last)


def test_every_milestone_column_falls_on_its_events_day(demo_db):
    timelines = [m for m in apps.get_models() if getattr(m, "MILESTONES", None)]
    assert {m.__name__ for m in timelines} >= {"HazardEvent", "TipOffEvent", "InspectionEvent"}
    checked = 0
    for model in timelines:
        wrong, n = mismatches(model)
        assert wrong == [], (model.__name__, wrong[:5], len(wrong))
        checked += n
    assert checked > 100
