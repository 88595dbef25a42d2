"""What each tip-off action does (who and when: `permissions.ACTIONS`): the service call, the
form the handling page posts and the message it shows. The page and the API run `STEPS`."""

from core.actions import Step, Steps

from . import forms, services
from .permissions import ACTIONS


def _conclude(user, t, d):
    """认定: 查实 creates a hazard from the findings; 不属实 only answers the reporter."""
    if d.get("conclusion") == "substantiated":
        hazard = {k: d[k] for k in ("title", "level", "criterion") if d.get(k)}
        return services.substantiate(user, t.pk, d.get("version"), findings=d["findings"], reply=d["reply"],
                                     hazard=hazard, photos=d.get("photos"))
    return services.unfound(user, t.pk, d.get("version"), findings=d["findings"], reply=d["reply"])


def _concluded(t):
    if t.hazard_id:
        return f"已认定查实，生成隐患 {t.hazard.number}。"
    return "已认定不属实并答复举报人。"


STEPS = Steps(ACTIONS, {
    "accept": Step(lambda user, t, d: services.accept(user, t.pk, d.get("version"), d.get("handling_unit")),
                   "已受理。", forms.AcceptForm),
    "decline": Step(lambda user, t, d: services.decline(user, t.pk, d.get("version"), d["reply"]),
                    "已不予受理并答复举报人。", forms.ReplyForm),
    "verify": Step(lambda user, t, d: services.start_verification(user, t.pk, d.get("version"), d.get("enterprise")),
                   "已开始核查。", forms.VerifyForm),
    "conclude": Step(_conclude, _concluded, forms.ConcludeForm),
    "reward": Step(lambda user, t, d: services.set_reward(user, t.pk, d.get("version"), d["reward_amount"],
                                                          d.get("reward_paid_on")), "已登记奖励。", forms.RewardForm),
})
