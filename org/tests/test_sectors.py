import pytest

from org.models import Sector


@pytest.mark.django_db
def test_migration_seeds_the_default_sector_tree():
    roots = list(Sector.objects.filter(depth=0).order_by("sort_order").values_list("name", flat=True))
    assert roots == [
        "道路运输", "城市客运", "公路运营", "公路水运工程建设", "水上交通", "港口", "铁路沿线/铁路专用线",
        "人员密集场所消防", "新业态", "其他",
    ]
    road = Sector.objects.get(code="road")
    children = set(road.children.values_list("name", flat=True))
    assert {"道路旅客运输", "危险货物道路运输", "道路普通货物运输", "客运站", "机动车维修", "驾驶员培训"} == children


@pytest.mark.django_db
def test_two_plus_one_flags_passenger_charter_and_dangerous_goods():
    flagged = set(Sector.objects.filter(is_two_plus_one=True).values_list("name", flat=True))
    assert flagged == {"道路旅客运输", "旅游包车", "危险货物道路运输"}


@pytest.mark.django_db
def test_sector_paths_nest_children_under_parents():
    for s in Sector.objects.exclude(parent=None):
        assert s.path.startswith(s.parent.path) and s.depth == s.parent.depth + 1


@pytest.mark.django_db
def test_ordering_by_path_is_tree_order():
    names = list(Sector.objects.filter(depth=0).order_by("path").values_list("name", flat=True))
    assert names[:3] == ["道路运输", "城市客运", "公路运营"] and names[-1] == "其他"
