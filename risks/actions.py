"""What each risk-point action does (who and when: `permissions.ACTIONS`): the service call,
the form the page posts and the message it shows. The page and the API run `STEPS`."""

from core.actions import Step, Steps

from . import forms, services
from .permissions import ACTIONS


def _reassess(user, p, d):
    values = {k: d[k] for k in ("l", "e", "c", "s") if d.get(k) not in (None, "")}
    return services.reassess(user, p.pk, d.get("version"), d["method"], values, d.get("note", ""))


def _edit(user, p, d):
    version = d.pop("version", None)
    d.pop("comment", None)
    return services.edit(user, p.pk, version, d)


STEPS = Steps(ACTIONS, {
    "reassess": Step(_reassess, lambda p: f"已重新评估：{p.get_level_display()}（风险值 {p.score.normalize()}）。",
                     forms.ReassessForm),
    "edit": Step(_edit, "已保存。", forms.EditForm),
    "file": Step(lambda user, p, d: services.submit_filing(user, p.pk, d.get("version")),
                 "已报备重大风险，等待监管部门确认。"),
    "acknowledge": Step(lambda user, p, d: services.acknowledge_filing(user, p.pk, d.get("version")), "已确认登记备案。"),
})
