"""What each hazard action does (who and when: `permissions.ACTIONS`): the service call, the
form the detail page posts and the message it shows. The page (`views.action`) and the API's
transition endpoints both run actions through `STEPS`."""

from core.actions import Step, Steps

from . import forms, services
from .permissions import ACTIONS


def _plan(d):
    return {k: v for k, v in d.items() if k not in ("version", "comment")}


def _c(d):
    return d.get("comment", "")


def _with_comment(func):
    """A service taking (user, pk, version, comment)."""
    return lambda user, h, d: func(user, h.pk, d.get("version"), _c(d))


STEPS = Steps(ACTIONS, {
    "verify": Step(lambda user, h, d: services.verify(
        user, h.pk, d.get("version"), level=d["level"], deadline=d["deadline"],
        supervising_unit=d.get("supervising_unit"), supervisor=d.get("supervisor"), criterion=d.get("criterion"),
        comment=_c(d), criterion_confirmed=bool(d.get("criterion_confirmed"))), "已核查。", forms.VerifyForm),
    "confirm": Step(_with_comment(services.confirm), "已确认为重大事故隐患。"),
    "reject": Step(_with_comment(services.reject), "已驳回。"),
    "save_plan": Step(lambda user, h, d: services.save_plan(user, h.pk, d.get("version"), _plan(d), _c(d)),
                      "整改方案已保存。", forms.PlanForm),
    "start_rectifying": Step(lambda user, h, d: services.start_rectifying(
        user, h.pk, d.get("version"), plan=_plan(d), comment=_c(d)), "已进入整改。", forms.PlanForm),
    "request_extension": Step(lambda user, h, d: services.request_extension(user, h.pk, d["new_deadline"], _c(d)),
                              "延期申请已提交。", forms.ExtensionRequestForm),
    "decide_extension": Step(lambda user, h, d: services.decide_extension(user, h.pk, d["approve"], _c(d)),
                             "已审批延期申请。", forms.DecideExtensionForm),
    "submit": Step(lambda user, h, d: services.submit_for_acceptance(user, h.pk, d.get("version"), d.get("photos"),
                                                                     _c(d)), "已提交验收。", forms.SubmitForm),
    "cosign": Step(lambda user, h, d: services.cosign(user, h.pk, _c(d)), "已会签。"),
    "accept": Step(_with_comment(services.accept), "验收通过。"),
    "fail": Step(_with_comment(services.fail_acceptance), "已退回整改。"),
    "close": Step(_with_comment(services.close), "已销号。"),
    "open_supervision": Step(lambda user, h, d: services.open_supervision(
        user, h.pk, level=d["level"], doc_number=d["doc_number"], issuing_unit=d["issuing_unit"],
        signatory=d["signatory"], planned_date=d["planned_date"], requirements=d.get("requirements", "")),
        "已挂牌督办。", forms.SupervisionForm),
    "lift_supervision": Step(lambda user, h, d: services.lift_supervision(user, h.pk, _c(d)), "已解除督办。"),
    "urge": Step(lambda user, h, d: services.urge(user, h.pk, _c(d)), "已督办。"),
    "instruct": Step(lambda user, h, d: services.instruct(user, h.pk, _c(d)), "已批示。"),
    "documents": Step(lambda user, h, d: services.add_documents(user, h.pk, d.get("files"), _c(d)),
                      "附件已上传。", forms.DocumentsForm),
    # 修改 has its own page (views.edit) with the full form; the API's PATCH runs the same step.
    "edit": Step(lambda user, h, d: services.edit(user, h.pk, d.get("version"), _plan(d), _c(d)),
                 "已保存修改。", forms.EditForm),
})
