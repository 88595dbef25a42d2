"""What each inspection action does (who and when: `permissions.ACTIONS`): the service call,
the form the page posts and the message it shows. The page and the API run `STEPS`."""

from core.actions import Step, Steps

from . import forms, services
from .permissions import ACTIONS, SCHEDULE_ACTIONS


def _target(user, inspection, d):
    fields = ("enterprise", "place_name", "template", "with_criteria")
    return services.add_target(user, inspection.pk, **{k: d[k] for k in fields if k in d})


STEPS = Steps(ACTIONS, {
    "target": Step(_target, "已增加检查对象。", forms.TargetForm),
    "complete": Step(lambda user, i, d: services.complete(user, i.pk, d.get("version"), d["result"], d.get("done_on")),
                     "检查已结束。", forms.CompleteForm),
    "cancel": Step(lambda user, i, d: services.cancel(user, i.pk, d.get("version"), d["reason"]),
                   "检查已取消。", forms.CancelForm),
})


def _schedule(active):
    from . import schedules

    return lambda user, schedule, d: schedules.set_active(user, schedule.pk, active, d.get("comment", ""))


# 周期检查计划: 停用 / 恢复 (who and when: `permissions.SCHEDULE_ACTIONS`).
SCHEDULE_STEPS = Steps(SCHEDULE_ACTIONS, {
    "pause": Step(_schedule(False), "周期检查计划已停用，不再生成新的检查。", forms.ScheduleStepForm),
    "resume": Step(_schedule(True), "周期检查计划已恢复，下次调度时生成本期检查。", forms.ScheduleStepForm),
})
