"""Risk assessment arithmetic (SPEC §5, shared/criteria.md).

LEC: D = L × E × C with the standard value tables; 5×5 matrix: R = L × S.
Levels come from band edges the safety office can change (RiskBands); the
defaults are those of criteria.md:
  LEC    D > 320 重大(红), 160 < D ≤ 320 较大(橙), 70 < D ≤ 160 一般(黄), D ≤ 70 低(蓝)
  matrix R ≥ 20 重大, 10–16 较大, 4–9 一般, 1–3 低
so LEC edges are exclusive (the edge value belongs to the band below) and
matrix edges inclusive (the edge value belongs to the band it starts).
"""

from decimal import Decimal

LEC, MATRIX = "lec", "matrix"
L_VALUES = [Decimal(v) for v in ("10", "6", "3", "1", "0.5", "0.2", "0.1")]
E_VALUES = [Decimal(v) for v in ("10", "6", "3", "2", "1", "0.5")]
C_VALUES = [Decimal(v) for v in ("100", "40", "15", "7", "3", "1")]
MATRIX_VALUES = [1, 2, 3, 4, 5]

LEVELS = ["major", "larger", "general", "low"]
LEVEL_LABELS = {"major": "重大风险", "larger": "较大风险", "general": "一般风险", "low": "低风险"}
COLOURS = {"major": "red", "larger": "orange", "general": "yellow", "low": "blue"}
COLOUR_LABELS = {"red": "红", "orange": "橙", "yellow": "黄", "blue": "蓝"}
DEFAULT_BANDS = {
    LEC: {"major": Decimal(320), "larger": Decimal(160), "general": Decimal(70), "inclusive": False},
    MATRIX: {"major": Decimal(20), "larger": Decimal(10), "general": Decimal(4), "inclusive": True},
}


class AssessmentError(ValueError):
    """A value outside the method's table; the message is Chinese."""


def _pick(value, allowed, label):
    if value in (None, ""):
        raise AssessmentError(f"请选择{label}。")
    try:
        v = Decimal(str(value))
    except Exception:
        raise AssessmentError(f"{label}应为数值。") from None
    if v not in allowed:
        raise AssessmentError(f"{label}取值应为 {'、'.join(str(a.normalize()) if isinstance(a, Decimal) else str(a) for a in allowed)} 之一。")
    return v


def score(method, values):
    """The product for the method, after checking each factor against its table."""
    if method == LEC:
        lv = _pick(values.get("l"), L_VALUES, "L（事故发生的可能性）")
        ev = _pick(values.get("e"), E_VALUES, "E（暴露于危险环境的频繁程度）")
        cv = _pick(values.get("c"), C_VALUES, "C（发生事故可能造成的后果）")
        return lv * ev * cv
    if method == MATRIX:
        lv = _pick(values.get("l"), [Decimal(v) for v in MATRIX_VALUES], "L（可能性）")
        sv = _pick(values.get("s"), [Decimal(v) for v in MATRIX_VALUES], "S（严重程度）")
        return lv * sv
    raise AssessmentError("请选择评估方法：LEC 法或风险矩阵法。")


def classify(score_value, bands):
    """Level for a score under {major, larger, general, inclusive} edges."""
    above = (lambda edge: score_value >= edge) if bands["inclusive"] else (lambda edge: score_value > edge)
    for level in ("major", "larger", "general"):
        if above(Decimal(bands[level])):
            return level
    return "low"
