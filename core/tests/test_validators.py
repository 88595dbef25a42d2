import pytest
from django.core.exceptions import ValidationError

from core.validators import make_credit_code, mask_phone, validate_credit_code, validate_phone


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110108551385082Q", "12100000400000624D"])
def test_it_accepts_published_credit_codes(code):
    validate_credit_code(code)


def test_it_accepts_lower_case_and_spaces():
    validate_credit_code(" 91350100m000100y43 ")


def test_it_rejects_a_wrong_check_character():
    with pytest.raises(ValidationError, match="校验位错误"):
        validate_credit_code("91350100M000100Y44")


def test_it_rejects_a_wrong_length():
    with pytest.raises(ValidationError, match="应为18位"):
        validate_credit_code("91350100M000100Y4")


@pytest.mark.parametrize("bad", ["91350100M000100YI3", "9135010AM000100Y43"])
def test_it_rejects_forbidden_characters(bad):
    with pytest.raises(ValidationError, match="无效字符"):
        validate_credit_code(bad)


def test_generated_codes_are_valid_and_distinct():
    codes = {make_credit_code("150626", i) for i in range(2000)}
    assert len(codes) == 2000
    for code in list(codes)[:200]:
        validate_credit_code(code)


@pytest.mark.parametrize("phone", ["13800138000", "0477-7582121", "04777582121", ""])
def test_it_accepts_phone_numbers(phone):
    validate_phone(phone)


@pytest.mark.parametrize("phone", ["1380013800", "12345", "电话"])
def test_it_rejects_bad_phone_numbers(phone):
    with pytest.raises(ValidationError, match="电话号码格式不正确"):
        validate_phone(phone)


def test_it_masks_phone_numbers():
    assert mask_phone("13800138000") == "138****8000"
