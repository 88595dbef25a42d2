from decimal import Decimal

import pytest

from risks import grading

LEC = grading.DEFAULT_BANDS[grading.LEC]
MATRIX = grading.DEFAULT_BANDS[grading.MATRIX]


@pytest.mark.parametrize("d, level", [
    ("0.1", "low"), ("20", "low"), ("70", "low"),            # ≤ 70 低
    ("70.01", "general"), ("126", "general"), ("160", "general"),  # 70 < D ≤ 160 一般
    ("160.01", "larger"), ("240", "larger"), ("320", "larger"),    # 160 < D ≤ 320 较大
    ("320.01", "major"), ("360", "major"), ("10000", "major"),     # D > 320 重大
])
def test_lec_levels_at_every_band_edge(d, level):
    assert grading.classify(Decimal(d), LEC) == level


@pytest.mark.parametrize("r, level", [
    (1, "low"), (3, "low"), (4, "general"), (9, "general"), (10, "larger"), (16, "larger"), (20, "major"),
    (25, "major"),
])
def test_matrix_levels_at_every_band_edge(r, level):
    assert grading.classify(Decimal(r), MATRIX) == level


@pytest.mark.parametrize("values, d", [
    ({"l": "10", "e": "10", "c": "100"}, Decimal(10000)),
    ({"l": "1", "e": "10", "c": "7"}, Decimal(70)),  # a reachable edge value
    ({"l": "3", "e": "6", "c": "7"}, Decimal(126)),
    ({"l": "0.1", "e": "0.5", "c": "1"}, Decimal("0.05")),
])
def test_lec_score_is_the_product(values, d):
    assert grading.score(grading.LEC, values) == d


def test_the_reachable_lec_edge_70_is_low_and_matrix_edges_are_reachable():
    assert grading.classify(grading.score(grading.LEC, {"l": "1", "e": "10", "c": "7"}), LEC) == "low"
    assert grading.classify(grading.score(grading.MATRIX, {"l": 4, "s": 5}), MATRIX) == "major"
    assert grading.classify(grading.score(grading.MATRIX, {"l": 2, "s": 5}), MATRIX) == "larger"
    assert grading.classify(grading.score(grading.MATRIX, {"l": 2, "s": 2}), MATRIX) == "general"


@pytest.mark.parametrize("method, values, message", [
    (grading.LEC, {"l": "2", "e": "10", "c": "100"}, "L（事故发生的可能性）取值应为"),
    (grading.LEC, {"l": "10", "e": "7", "c": "100"}, "E（暴露于危险环境的频繁程度）取值应为"),
    (grading.LEC, {"l": "10", "e": "10", "c": "50"}, "C（发生事故可能造成的后果）取值应为"),
    (grading.LEC, {"l": "abc", "e": "10", "c": "100"}, "应为数值"),
    (grading.MATRIX, {"l": 6, "s": 1}, "L（可能性）取值应为"),
    (grading.MATRIX, {"l": 1, "s": None}, "请选择S（严重程度）"),
    ("other", {}, "请选择评估方法"),
])
def test_values_outside_the_tables_are_refused_in_chinese(method, values, message):
    with pytest.raises(grading.AssessmentError, match=message.replace("（", "（").replace("(", r"\(")):
        grading.score(method, values)
