"""考核 in the demo county (issue 21 §6): the unit scheme the sample plans imply (隐患动态清零, 按时报送,
任务按期完成, 履职, 事故控制, 人工评分 of 暗访 findings, 一票否决 for a 较大 accident or a concealed 重大
hazard), its last ended quarter's interim round published (frozen) and the year's round still scoring; the
enterprise scheme's year round scoring (not published: the demo's 红/黄/绿 codes stay as the registers
make them)."""

from django.utils import timezone

from appraisal import scoring, services
from appraisal.models import Scheme


def build(users, today=None):
    today = today or timezone.localdate()
    safety = users["safety"]
    units = services.create_scheme(safety, title=f"{today.year}年度安全生产目标责任考核", target=Scheme.Target.UNITS,
                                   basis="依据《安全生产治本攻坚三年行动方案》和年度工作要点，对各股室、二级单位实行百分制考核。")
    # The last quarter that has ended (in January–March, last year's fourth), published as the interim.
    done = (today.month - 1) // 3
    year, quarter = (today.year, done) if done else (today.year - 1, 4)
    interim = services.start_round(safety, units.pk, period="quarter", year=year, quarter=quarter)
    manual = units.items.get(rule="manual")
    worst = scoring.compute(interim)[-1].subject
    services.add_manual(safety, interim.pk, item_id=manual.pk, subject_id=worst.pk, points=2,
                        reason="“四不两直”暗访发现隐患台账未及时更新")
    services.publish(safety, interim.pk)
    services.start_round(safety, units.pk, period="year", year=today.year)
    firms = services.create_scheme(safety, title=f"{today.year}年度企业安全生产主体责任考核",
                                   target=Scheme.Target.ENTERPRISES)
    services.start_round(safety, firms.pk, period="year", year=today.year)
