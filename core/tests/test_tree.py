import pytest
from django.core.exceptions import ValidationError

from conftest import RegionFactory
from org.models import Region


@pytest.mark.django_db
def test_it_computes_paths_and_depths():
    p = RegionFactory(level="province")
    c = RegionFactory(parent=p)
    t = RegionFactory(parent=c, level="town")
    seg = "{:010d}/".format
    assert (p.path, c.path, t.path) == (f"/{seg(p.pk)}", f"/{seg(p.pk)}{seg(c.pk)}", f"/{seg(p.pk)}{seg(c.pk)}{seg(t.pk)}")
    assert t.depth == 2
    assert list(p.descendants().values_list("pk", flat=True).order_by("pk")) == [p.pk, c.pk, t.pk]


@pytest.mark.django_db
def test_moving_a_node_reroots_its_subtree():
    p1, p2 = RegionFactory(level="province"), RegionFactory(level="province")
    c = RegionFactory(parent=p1)
    t = RegionFactory(parent=c, level="town")
    c.parent = p2
    c.save()
    t.refresh_from_db()
    assert t.path == f"{p2.path}{c.pk:010d}/{t.pk:010d}/"
    assert t.depth == 2
    assert not Region.objects.filter(path__startswith=p1.path).exclude(pk=p1.pk).exists()


@pytest.mark.django_db
def test_it_refuses_to_move_a_node_under_itself():
    p = RegionFactory(level="province")
    c = RegionFactory(parent=p)
    p.parent = c
    with pytest.raises(ValidationError, match="下级节点"):
        p.save()
