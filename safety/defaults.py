"""Default drill frequency rules (SPEC §8 and issue #6): used by the data migration
and by tests that flush the table."""

RULES = [
    # (name, kind or "", months, two_plus_one_only)
    ("“两客一危”等高危企业每半年至少开展一次应急演练", "", 6, True),
    ("专项应急预案每年至少演练一次", "special", 12, False),
    ("现场处置方案每半年至少演练一次", "onsite", 6, False),
    ("每年至少开展一次桌面推演", "tabletop", 12, False),
]


def ensure_default_rules(DrillRule):
    for name, kind, months, key_only in RULES:
        DrillRule.objects.get_or_create(name=name, defaults={"kind": kind, "months": months,
                                                             "two_plus_one_only": key_only})
