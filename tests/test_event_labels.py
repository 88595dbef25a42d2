"""No English code reaches a timeline: every event table declares a Chinese label for each of
its types, a type without one is refused on save, and the one timeline template shows labels."""

import re

import pytest
from django.apps import apps
from django.template.loader import render_to_string
from django.utils.html import strip_tags

from core.models import EventBase

EVENT_MODELS = [m for m in apps.get_models() if issubclass(m, EventBase)]
LATIN = re.compile(r"[A-Za-z]")


def test_every_event_table_labels_each_of_its_types_in_chinese():
    assert len(EVENT_MODELS) >= 20
    for model in EVENT_MODELS:
        assert model.LABELS, model.__name__
        for code, label in model.LABELS.items():
            assert label and not LATIN.search(label), (model.__name__, code, label)


@pytest.mark.parametrize("model", EVENT_MODELS, ids=lambda m: m.__name__)
def test_the_timeline_shows_every_type_as_its_label(model):
    events = [model(type=code) for code in model.LABELS]
    html = render_to_string("core/_timeline.html", {"events": events})
    text = strip_tags(html)
    for code, label in model.LABELS.items():
        assert label in text
    assert not LATIN.search(text), text


@pytest.mark.django_db
def test_an_event_type_without_a_label_is_refused(world):
    from accidents.models import AccidentEvent

    with pytest.raises(ValueError, match="no label"):
        AccidentEvent(type="recorded_by_mistake", actor=world.u.safety).save()
    assert str(AccidentEvent(type="analysed")) == "事故记录：一事一分析"



@pytest.mark.parametrize("model", EVENT_MODELS, ids=lambda m: m.__name__)
def test_an_edit_names_what_it_changed_in_chinese(model):
    """`data["changes"]` keys are field names of the subject: the timeline names them by their
    Chinese verbose names (an unknown key reads 其他信息), never by code."""
    subjects = [f.related_model for f in model._meta.fields if f.is_relation and f.name != "actor"]
    fields = [f for s in subjects for f in s._meta.fields if f.name != "id"]
    event = model(type=next(iter(model.LABELS)),
                  data={"changes": {k: [1, 2] for k in [f.name for f in fields] + ["no_such_field"]}})
    text = strip_tags(render_to_string("core/_timeline.html", {"events": [event]}))
    changed = text.split("修改了：")[1].split("\n")[0].split("、")
    assert "其他信息" in changed
    named = [str(f.verbose_name) for f in fields if str(f.verbose_name) != f.name.replace("_", " ")]
    assert set(changed) == set(named) | {"其他信息"}, changed
    assert not any(re.fullmatch(r"[a-z_ ]+", name) for name in changed), changed
