"""Accident grades under 生产安全事故报告和调查处理条例 (国务院令第493号), article 3.

"以上" includes the number and "以下" excludes it, so 30 deaths is 特别重大 and
29 is 重大. A grade is the highest that any one of the three measures reaches.
"""

from decimal import Decimal

# (grade, deaths ≥, serious injuries ≥, direct loss ≥ 万元)
THRESHOLDS = [
    ("especially_serious", 30, 100, Decimal(10000)),  # 特别重大: 30人以上死亡 / 100人以上重伤 / 1亿元以上
    ("serious", 10, 50, Decimal(5000)),  # 重大: 10–29 / 50–99 / 5000万–1亿
    ("larger", 3, 10, Decimal(1000)),  # 较大: 3–9 / 10–49 / 1000万–5000万
]
GENERAL = "general"


def grade(deaths, serious_injuries, direct_loss_wan):
    loss = Decimal(direct_loss_wan or 0)
    for name, d, i, money in THRESHOLDS:
        if (deaths or 0) >= d or (serious_injuries or 0) >= i or loss >= money:
            return name
    return GENERAL
