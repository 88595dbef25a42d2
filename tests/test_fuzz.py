"""Bounded property-based fuzzing (hypothesis) of the three doors hostile or careless
input comes through: the plan parser, the Excel imports and the public tip-off form.
Each must answer with a result or a clear Chinese refusal — never crash."""

import io
import json

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from core.excel import SheetError, read_rows
from plans.parsing import UnreadableDocument, parse_file, parse_text
from core.testing import PLAN_SCHEMA
from tests.matrix import FUZZ

SCHEMA = json.loads(PLAN_SCHEMA.read_text())
FUZZ_SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                         suppress_health_check=list(HealthCheck))

# Pieces plan documents are made of, so generated text reaches deep into the parser.
PIECES = ["一、", "二、", "（一）", "（二）", "1.", "2．", "(3)", "①", "第一阶段", "第二阶段（2025年1月—6月）",
          "牵头单位：", "责任单位：", "县交通运输局", "运输服务中心", "2026年", "3月底前", "6月30日前", "每月", "每季度",
          "每月16日前", "年底前", "全覆盖", "100%", "不少于", "次", "家", "重大事故隐患", "治本攻坚三年行动", "。", "；",
          "，", "\n", "\n\n", "  ", "\t", "附件", "联系人：", "电话：0477-1234567", "2024—2026年", "十二月", "〔2024〕"]
plan_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=80).map("".join)


@FUZZ_SETTINGS
@given(plan_text)
def test_the_plan_parser_returns_schema_valid_json_for_any_text(text):
    FUZZ["plan parser (text)"] += 1
    result = parse_text(text)
    jsonschema.validate(result, SCHEMA)


@FUZZ_SETTINGS
@given(st.binary(max_size=4000), st.sampled_from([".docx", ".pdf", ".txt", ".doc"]))
def test_the_plan_parser_refuses_broken_files_in_chinese(tmp_path_factory, data, suffix):
    FUZZ["plan parser (files)"] += 1
    path = tmp_path_factory.mktemp("fuzz") / f"plan{suffix}"
    path.write_bytes(data)
    try:
        jsonschema.validate(parse_file(path), SCHEMA)
    except UnreadableDocument as exc:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in str(exc))


# Cells an Excel file can hold (control characters cannot be written to .xlsx at all).
CELL = st.one_of(st.none(), st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=30), st.integers(-10**12, 10**12),
                 st.floats(allow_nan=True, allow_infinity=False), st.dates(), st.booleans(),
                 st.sampled_from(["91510101MA6C5Q1X3L", "道路货物运输", "甲县", "重大", "一般", "2026-02-30", "=1+1"]))


def workbook(headers, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def _import(importer, user, headers, rows):
    try:
        raw = read_rows(workbook(headers, rows), importer.required)
    except SheetError as exc:
        assert str(exc)
        return
    parsed, errors = importer.parse(user, raw)
    for error in errors:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in str(error))


@pytest.mark.django_db
@FUZZ_SETTINGS
@given(rows=st.lists(st.lists(CELL, min_size=4, max_size=8), max_size=8), shuffle=st.randoms())
def test_the_enterprise_import_answers_any_sheet(world, rows, shuffle):
    from enterprises.spreadsheet import REQUIRED, EnterpriseImporter

    FUZZ["enterprise import"] += 1
    headers = list(REQUIRED) + ["联系电话", "地址", "企业规模", "经营状态"]
    shuffle.shuffle(headers)
    _import(EnterpriseImporter(), world.u.safety, headers, rows)


@pytest.mark.django_db
@FUZZ_SETTINGS
@given(rows=st.lists(st.lists(CELL, min_size=5, max_size=9), max_size=8))
def test_the_hazard_import_answers_any_sheet(world, rows):
    from hazards.spreadsheet import REQUIRED, HazardImporter

    FUZZ["hazard import"] += 1
    headers = list(REQUIRED) + ["企业名称", "整改期限", "判定依据", "地点"]
    _import(HazardImporter(), world.u.safety, headers, rows)


@pytest.mark.django_db
@FUZZ_SETTINGS
@given(st.binary(max_size=3000))
def test_a_file_that_is_not_a_workbook_is_refused(world, data):
    FUZZ["excel reader (bytes)"] += 1
    with pytest.raises(SheetError):
        read_rows(io.BytesIO(data), ["企业名称"])


FORM_VALUE = st.one_of(st.text(max_size=300), st.sampled_from(["", "0", "-1", "99999999999", "<script>x</script>",
                                                                 "2026-13-40", "true", "on", "13812345678"]))


@pytest.mark.django_db
@FUZZ_SETTINGS
@given(fields=st.fixed_dictionaries({}, optional={name: FORM_VALUE for name in [
    "region", "sector", "subject", "description", "occurred_on", "anonymous", "reporter_name", "reporter_phone"]}),
    real_region=st.booleans())
def test_the_public_tipoff_form_never_fails(world, client, settings, fields, real_region):
    from django.core.cache import cache

    from tipoffs.models import TipOff

    FUZZ["public tip-off form"] += 1
    cache.clear()  # rate limits would otherwise answer most examples
    if real_region:
        fields = dict(fields, region=str(world.a.pk))
    before = TipOff.objects.count()
    response = client.post("/jubao/", fields)
    assert response.status_code in (200, 302, 400, 429)
    if response.status_code != 302:
        assert TipOff.objects.count() == before  # a refusal changes nothing
