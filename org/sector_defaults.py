"""SPEC §2 default sector tree: (code, name, is_two_plus_one, children)."""

DEFAULT_SECTORS = [
    ("road", "道路运输", False, [
        ("road-passenger", "道路旅客运输", True, [
            ("charter-bus", "旅游包车", True, []),
        ]),
        ("road-dangerous-goods", "危险货物道路运输", True, []),
        ("road-freight", "道路普通货物运输", False, []),
        ("bus-station", "客运站", False, []),
        ("vehicle-repair", "机动车维修", False, []),
        ("driver-training", "驾驶员培训", False, []),
    ]),
    ("urban", "城市客运", False, [
        ("urban-bus", "公交", False, []),
        ("taxi", "出租汽车", False, []),
        ("ride-hailing", "网约车", False, []),
    ]),
    ("highway", "公路运营", False, [
        ("bridge", "桥梁", False, []),
        ("tunnel", "隧道", False, []),
        ("toll-service", "收费站/服务区", False, []),
        ("overload", "治超", False, []),
    ]),
    ("construction", "公路水运工程建设", False, []),
    ("water", "水上交通", False, [
        ("passenger-ship", "客船/渡口", False, []),
        ("cargo-ship", "货船", False, []),
        ("pontoon", "浮桥", False, []),
    ]),
    ("port", "港口", False, []),
    ("railway", "铁路沿线/铁路专用线", False, []),
    ("fire-crowded", "人员密集场所消防", False, []),
    ("new-business", "新业态", False, []),
    ("other", "其他", False, []),
]


def ensure_default_sectors(Sector):
    """Create the default tree when the table is empty. Takes the model class so the
    data migration can pass its historical model (which lacks TreeNode.save)."""
    from core.models import path_segment

    if Sector.objects.exists():
        return

    def create(nodes, parent, depth):
        for order, (code, name, two_plus_one, children) in enumerate(nodes, start=1):
            node = Sector.objects.create(
                code=code, name=name, is_two_plus_one=two_plus_one, sort_order=order, parent=parent, depth=depth
            )
            node.path = f"{parent.path if parent else '/'}{path_segment(node.pk)}"
            node.save(update_fields=["path"])
            create(children, node, depth + 1)

    create(DEFAULT_SECTORS, None, 0)
