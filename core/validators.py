"""Validators for Chinese identifiers."""

import re

from django.core.exceptions import ValidationError

# GB 32100-2015 统一社会信用代码: 18 characters from a 31-symbol alphabet
# (digits and upper-case letters without I, O, S, V, Z); the last is a check code.
CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CREDIT_CODE_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def credit_code_check_char(first17: str) -> str:
    """Return the check character for the first 17 characters of a credit code."""
    total = sum(CREDIT_CODE_CHARSET.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS))
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def normalize_credit_code(value: str) -> str:
    return (value or "").strip().upper().replace(" ", "")


def validate_credit_code(value: str) -> None:
    code = normalize_credit_code(value)
    if len(code) != 18:
        raise ValidationError("统一社会信用代码应为18位，当前为%(n)d位。", params={"n": len(code)}, code="length")
    if not _CREDIT_CODE_RE.match(code):
        raise ValidationError(
            "统一社会信用代码含有无效字符（只能是数字和除 I、O、S、V、Z 以外的大写字母，第3—8位为行政区划代码）。",
            code="charset",
        )
    expected = credit_code_check_char(code[:17])
    if code[17] != expected:
        raise ValidationError("统一社会信用代码校验位错误，请核对后重新输入。", code="checksum")


_PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$")


def validate_phone(value: str) -> None:
    if value and not _PHONE_RE.match(value.strip()):
        raise ValidationError("电话号码格式不正确（手机号11位，座机如 0477-7582121）。", code="phone")


def mask_phone(value: str) -> str:
    """138****1234 — personal data is masked wherever it is not needed in full."""
    v = (value or "").strip()
    if len(v) >= 7:
        return v[:3] + "*" * (len(v) - 7) + v[-4:]
    return v


# A phone number written in full inside free text (a mobile, or a landline with its area code).
PHONE_IN_TEXT = re.compile(r"(?<!\d)(1[3-9]\d{9}|0[1-9]\d{1,2}-?[2-9]\d{6,7})(?!\d)")


def mask_phones_in(text):
    """Every phone number inside a text (an audit entry's changes, a note) masked as mask_phone does."""
    if not text:
        return text
    return PHONE_IN_TEXT.sub(lambda m: mask_phone(m.group(0)), str(text))


def is_masked(value) -> bool:
    """A number copied from a masked list or export (138****1234) is not a phone number."""
    return "*" in str(value or "")


MASKED_IN_IMPORT = "是脱敏号码（含 *），请填写完整号码，或使用“含完整号码”的导出文件。"


def make_credit_code(region_code: str, serial: int, kind: str = "91") -> str:
    """Build a valid 统一社会信用代码 for synthetic data: kind (91 = 企业),
    6-digit region code, a 9-character serial in base 31, and the check character."""
    digits = []
    for _ in range(9):
        serial, rem = divmod(serial, 31)
        digits.append(CREDIT_CODE_CHARSET[rem])
    body = f"{kind}{region_code[:6]}{''.join(reversed(digits))}"
    return body + credit_code_check_char(body)
