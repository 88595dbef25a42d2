"""What each task and reporting-slot action does (who: `permissions.TASK_ACTIONS` and
`SLOT_ACTIONS`): the service call, the form the page posts and the message it shows. The
pages and the API run `TASK_STEPS` and `SLOT_STEPS`."""

from core.actions import Step, Steps

from . import services
from .forms import OnsiteAssessForm, ProgressForm, SelfAssessForm, SlotRevokeForm, SlotSubmitForm, TaskEditForm
from .permissions import SLOT_ACTIONS, TASK_ACTIONS


def _progress(user, task, d):
    return services.report_progress(user, task.pk, period=d["period"], text=d["text"], percent=d["percent"],
                                    delay_reason=d.get("delay_reason", ""), files=d.get("files") or ())


def _edit(user, task, d):
    version, comment = d.pop("version", None), d.pop("comment", "")
    return services.edit_task(user, task.pk, version, d, comment)


TASK_STEPS = Steps(TASK_ACTIONS, {
    "progress": Step(_progress, "进展已报送。", ProgressForm),
    "edit": Step(_edit, "任务已修改。", TaskEditForm),
    "instruct": Step(lambda user, task, d: services.instruct(user, task.pk, d.get("comment", "")), "已批示。"),
    "urge": Step(lambda user, task, d: services.urge(user, task.pk, d.get("comment", "")), "已督办。"),
    "self_assess": Step(lambda user, task, d: services.self_assess(
        user, task.pk, completion=d.get("completion"), score=d.get("score"), text=d.get("text", ""),
        files=d.get("files") or ()), "自查自评已提交。", SelfAssessForm),
    "onsite_assess": Step(lambda user, task, d: services.onsite_assess(
        user, task.pk, completion=d.get("completion"), score=d.get("score"), text=d.get("text", ""),
        verified=d.get("verified")), "现场评估已登记。", OnsiteAssessForm),
})

SLOT_STEPS = Steps(SLOT_ACTIONS, {
    "submit": Step(lambda user, slot, d: services.submit_slot(user, slot.pk, d.get("note", ""), d.get("version"),
                                                             files=d.get("files") or (), reason=d.get("reason", "")),
                   "已报送材料。", SlotSubmitForm),
    "revoke": Step(lambda user, slot, d: services.revoke_slot(user, slot.pk, d.get("version"), d.get("reason", "")),
                   "已撤销报送登记。", SlotRevokeForm),
})
