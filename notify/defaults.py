"""Default reminder rules (SPEC §10, issue 8): a reminder ahead of each deadline to its
owner, the due day to the owner, +3 days to the unit head, +7 days to the safety office
and the leaders. Seeded by a data migration; the safety office edits them at /notify/rules/."""

# source: days ahead for the first reminder — longer where the work takes longer to arrange.
AHEAD = {
    "hazard": 3, "supervision": 7, "extension": 3, "task": 7, "slot": 3, "risk_review": 7, "drill": 30,
    "coverage": 30, "accident": 0, "tipoff": 3, "standardization": 60,
}
ESCALATION = [(0, "owner"), (3, "unit_head"), (7, "office")]
# Work waiting on someone (issue 18): its owner is told the moment it arrives (an inbox
# message, notify.services.announce); left untouched it climbs to the unit head, then
# to the safety office and the leaders.
WAITING = [(2, "unit_head"), (5, "office")]


def default_rules():
    for source, ahead in AHEAD.items():
        if ahead:
            yield source, -ahead, "owner"
        for offset, audience in ESCALATION:
            yield source, offset, audience
    for offset, audience in WAITING:
        yield "waiting", offset, audience


def ensure_default_rules(ReminderRule):
    for source, offset, audience in default_rules():
        ReminderRule.objects.get_or_create(source=source, offset_days=offset, audience=audience)
