"""What each accident action does (who: `permissions.ACTIONS`): the service call, the form the
page posts and the message it shows. The page and the API run `STEPS`."""

from core.actions import Step, Steps

from . import services
from .forms import AnalysisForm, FiguresForm, ReportedForm
from .permissions import ACTIONS

STEPS = Steps(ACTIONS, {
    "reported": Step(lambda user, a, d: services.mark_reported(user, a.pk, d["reported_at"]), "已保存。", ReportedForm),
    "figures": Step(lambda user, a, d: services.update_figures(
        user, a.pk, d.get("version"), {k: d[k] for k in services.FIGURES if k in d}, d.get("comment", "")),
        "已保存。", FiguresForm),
    "analysis": Step(lambda user, a, d: services.save_analysis(
        user, a.pk, d.get("version"), {k: d.get(k, "") for k in services.ANALYSIS}), "已保存。", AnalysisForm),
})
