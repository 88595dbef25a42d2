import io

import pytest
from openpyxl import Workbook, load_workbook

from core.models import ImportBatch
from core.validators import make_credit_code
from enterprises.models import Enterprise, EnterpriseEvent
from enterprises.spreadsheet import COLUMNS


def xlsx(rows, headers=COLUMNS, title_line=None):
    wb = Workbook()
    ws = wb.active
    if title_line:
        ws.append([title_line])
    ws.append(headers)
    for row in rows:
        ws.append([row.get(h) for h in headers])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "企业名录.xlsx"
    return buf


def row(n, **over):
    r = {"企业名称": f"甲县导入物流{n}有限公司", "统一社会信用代码": make_credit_code("510101", 5000 + n),
         "行业领域": "道路普通货物运输", "所属区划": "甲镇", "主要负责人": f"负责人{n}", "主要负责人电话": "13800000000",
         "许可证号": f"LIC{n}", "许可证有效期至": "2027年6月30日", "车辆数": 12, "标准化等级": "二级",
         "标准化证书日期": "2025-01-15", "信用等级": "A"}
    r.update(over)
    return r


def upload(client, f):
    return client.post("/enterprises/import/", {"file": f})


def test_a_good_file_previews_then_imports_everything(world, client_for):
    client = client_for(world.u.safety)
    response = upload(client, xlsx([row(1), row(2, 行业领域="危险货物道路运输、道路旅客运输")]))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/enterprises/import/{batch.pk}/"
    assert Enterprise.objects.filter(name__startswith="甲县导入").count() == 0  # preview writes nothing
    page = client.get(f"/enterprises/import/{batch.pk}/").content.decode()
    assert "检查通过" in page and "新增 2 家" in page
    response = client.post(f"/enterprises/import/{batch.pk}/commit/", {"action": "commit"})
    assert response.status_code == 302
    e2 = Enterprise.objects.get(name="甲县导入物流2有限公司")
    assert e2.is_two_plus_one and e2.region == world.a_town
    assert e2.standardization_level == "level2" and e2.vehicles_count == 12
    assert e2.licences.get().valid_until.isoformat() == "2027-06-30"
    assert e2.events.get().type == EnterpriseEvent.Type.IMPORTED
    batch.refresh_from_db()
    assert batch.status == "committed" and batch.result == {"created": 2, "updated": 0, "unchanged": 0}


def test_one_bad_row_imports_nothing_and_names_row_and_column(world, client_for):
    client = client_for(world.u.safety)
    bad = row(2, 统一社会信用代码="91350100M000100Y44")
    upload(client, xlsx([row(1), bad, row(3)], title_line="甲县企业名录"))
    batch = ImportBatch.objects.get()
    page = client.get(f"/enterprises/import/{batch.pk}/").content.decode()
    # Header is on row 2 (a title line above it), so the bad data row is Excel row 4.
    assert "第 4 行，“统一社会信用代码”列：统一社会信用代码校验位错误" in page
    assert "确认导入" not in page
    response = client.post(f"/enterprises/import/{batch.pk}/commit/", {"action": "commit"})
    assert response.status_code == 302
    assert not Enterprise.objects.filter(name__startswith="甲县导入").exists()


@pytest.mark.parametrize("column, value, message", [
    ("行业领域", "航空运输", "“航空运输”不是已配置的行业领域"),
    ("所属区划", "乙县", "区划“乙县”不存在或不在您的管理范围内"),
    ("车辆数", "十二", "“十二”应为整数"),
    ("许可证有效期至", "2027-02-30", "日期不存在"),
    ("标准化等级", "四级", "“四级”无效"),
    ("主要负责人电话", "12345", "电话号码格式不正确"),
    ("企业名称", None, "不能为空"),
])
def test_each_kind_of_bad_cell_is_reported_in_chinese(world, client_for, column, value, message):
    client = client_for(world.u.safety)
    upload(client, xlsx([row(1, **{column: value})]))
    errors = ImportBatch.objects.get().errors
    assert errors == [{"row": 2, "column": column, "message": errors[0]["message"]}]
    assert message in errors[0]["message"]


def test_duplicate_codes_within_a_file_are_reported(world, client_for):
    client = client_for(world.u.safety)
    upload(client, xlsx([row(1), row(2, 统一社会信用代码=row(1)["统一社会信用代码"])]))
    assert ImportBatch.objects.get().errors[0]["message"] == "与第2行重复"


def test_an_enterprise_outside_scope_cannot_be_overwritten(world, client_for):
    client = client_for(world.u.safety)
    upload(client, xlsx([row(1, 统一社会信用代码=world.charlie_ent.credit_code)]))
    assert "不在您的管理范围内" in ImportBatch.objects.get().errors[0]["message"]


def test_unit_staff_import_only_within_their_sectors(world, client_for):
    client = client_for(world.u.highway)
    upload(client, xlsx([row(1)]))
    assert ImportBatch.objects.get().errors[0]["message"] == "所选行业领域均不在本单位的监管范围内。"


def test_a_file_that_is_not_excel_is_refused(world, client_for):
    client = client_for(world.u.safety)
    f = io.BytesIO(b"not a spreadsheet")
    f.name = "名录.xlsx"
    response = upload(client, f)
    assert response.status_code == 200
    assert "无法读取该文件" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_csv_is_refused_by_extension(world, client_for):
    client = client_for(world.u.safety)
    f = io.BytesIO(b"a,b")
    f.name = "名录.csv"
    assert "只支持 .xlsx" in upload(client, f).content.decode()


def test_a_sheet_without_headers_is_refused(world, client_for):
    client = client_for(world.u.safety)
    response = upload(client, xlsx([{"x": 1}], headers=["x", "y"]))
    assert "未找到表头" in response.content.decode()


def test_export_then_import_updates_in_place(world, client_for):
    client = client_for(world.u.safety)
    exported = client.get("/enterprises/export.xlsx")
    wb = load_workbook(io.BytesIO(exported.content))
    ws = wb.active
    headers = [c.value for c in ws[1]]
    name_col = headers.index("地址") + 1
    for r in range(2, ws.max_row + 1):
        ws.cell(row=r, column=name_col, value="导入后的新地址")
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "export.xlsx"
    upload(client, buf)
    batch = ImportBatch.objects.get()
    assert batch.errors == []
    client.post(f"/enterprises/import/{batch.pk}/commit/", {"action": "commit"})
    batch.refresh_from_db()
    assert batch.result == {"created": 0, "updated": 2, "unchanged": 0}
    assert set(Enterprise.objects.for_user(world.u.safety).values_list("address", flat=True)) == {"导入后的新地址"}
    assert Enterprise.objects.count() == 3


def test_a_batch_belongs_to_its_uploader(world, client_for):
    client = client_for(world.u.safety)
    upload(client, xlsx([row(1)]))
    batch = ImportBatch.objects.get()
    client.force_login(world.u.road)
    assert client.get(f"/enterprises/import/{batch.pk}/").status_code == 404
    assert client.post(f"/enterprises/import/{batch.pk}/commit/", {"action": "commit"}).status_code == 404


def test_commit_recheck_catches_changes_since_preview(world, client_for, sectors):
    from enterprises import services

    client = client_for(world.u.safety)
    upload(client, xlsx([row(1)]))
    batch = ImportBatch.objects.get()
    # Someone in county B registers the same code between preview and commit.
    services.create_enterprise(
        world.u.safety_b, {"name": "乙县抢先公司", "credit_code": row(1)["统一社会信用代码"], "region": world.b},
        [sectors["road-freight"].pk],
    )
    client.post(f"/enterprises/import/{batch.pk}/commit/", {"action": "commit"})
    assert not Enterprise.objects.filter(name__startswith="甲县导入").exists()
    assert ImportBatch.objects.get().status == "pending"


def test_discarding_writes_nothing(world, client_for):
    client = client_for(world.u.safety)
    upload(client, xlsx([row(1)]))
    batch = ImportBatch.objects.get()
    client.post(f"/enterprises/import/{batch.pk}/commit/", {"action": "discard"})
    batch.refresh_from_db()
    assert batch.status == "discarded"
    assert not Enterprise.objects.filter(name__startswith="甲县导入").exists()


def test_the_template_lists_valid_values(world, client_for):
    response = client_for(world.u.safety).get("/enterprises/import/template.xlsx")
    wb = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in wb["企业名录"][1]][:4] == ["企业名称*", "统一社会信用代码*", "行业领域*", "所属区划*"]
    notes = {r[0].value: r[1].value for r in wb["填写说明"].iter_rows(min_row=2)}
    assert "危险货物道路运输" in notes["行业领域"] and "甲镇" in notes["所属区划"] and "乙县" not in notes["所属区划"]


def test_a_sector_whose_name_holds_a_slash_is_one_sector(world, client_for, sectors):
    """Issue 24 #6: "收费站/服务区" is one sector's name, not two; "、" separates sectors, and "/" only splits a
    token that is not a sector's name as a whole."""
    from org.models import Sector

    toll = Sector.objects.get(name="收费站/服务区")
    client = client_for(world.u.safety)
    upload(client, xlsx([row(1, **{"行业领域": "收费站/服务区、道路普通货物运输"}),
                         row(2, **{"行业领域": "道路普通货物运输/收费站/服务区"})]))
    batch = ImportBatch.objects.get()
    # Row 2's "/" list is ambiguous once a name holds "/": it is refused by name, never half-read.
    assert [(e["row"], e["column"]) for e in batch.errors] == [(3, "行业领域")]
    upload(client, xlsx([row(1, **{"行业领域": "收费站/服务区、道路普通货物运输"})]))
    batch = ImportBatch.objects.order_by("-pk").first()
    assert batch.errors == []
    client.post(f"/enterprises/import/{batch.pk}/commit/", {"action": "commit"})
    firm = Enterprise.objects.get(name="甲县导入物流1有限公司")
    assert set(firm.sectors.values_list("name", flat=True)) == {toll.name, "道路普通货物运输"}
