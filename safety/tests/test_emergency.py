"""应急物资 and 救援队伍 (issue 21 #5): registers with location and contact, read by the bureau with
masked phones, exported and imported by the safety office; an import adds, updates or leaves rows
alone, refuses bad rows whole, and writes an event per record."""

import io

from openpyxl import Workbook, load_workbook

from core.models import ImportBatch
from safety.models import EmergencyEvent, EmergencySupply, RescueTeam

HEAD = ["物资名称", "类别", "数量", "计量单位", "存放地点", "管理单位", "联系人", "联系电话", "盘点日期"]


def sheet(rows, head=HEAD):
    wb = Workbook()
    wb.active.append(head)
    for row in rows:
        wb.active.append(row)
    data = io.BytesIO()
    wb.save(data)
    data.seek(0)
    data.name = "应急物资.xlsx"
    return data


def import_(client, prefix, data):
    response = client.post(f"/safety/emergency/{prefix}/import/", {"file": data})
    assert response.status_code == 302, response.content.decode()[:400]
    batch = ImportBatch.objects.latest("pk")
    preview = client.get(f"/safety/emergency/{prefix}/import/{batch.pk}/").content.decode()
    return batch, preview


def test_supplies_import_add_update_and_refuse(world, client_for):
    safety = client_for(world.u.safety)
    row = ["编织袋", "防汛抢险", 2000, "条", "县物资储备库", "运输服务中心", "张三", "13800138001", "2026-10-15"]
    batch, preview = import_(safety, "supplies", sheet([row]))
    assert "新增 1 项" in preview
    safety.post(f"/safety/emergency/supplies/import/{batch.pk}/commit/")
    bag = EmergencySupply.objects.get()
    assert (bag.quantity, bag.keeper, bag.region) == (2000, world.road_unit, world.a)
    assert EmergencyEvent.objects.get().label == "新增"
    # The same row again: nothing changes; a new quantity: one update.
    batch, preview = import_(safety, "supplies", sheet([row]))
    assert "无变化 1 项" in preview
    batch, preview = import_(safety, "supplies", sheet([row[:2] + [1500] + row[3:]]))
    assert "修改 1 项" in preview
    safety.post(f"/safety/emergency/supplies/import/{batch.pk}/commit/")
    bag.refresh_from_db()
    assert bag.quantity == 1500 and EmergencyEvent.objects.filter(type="changed").count() == 1
    # A masked phone, an unknown category and another county's unit: refused whole, nothing written.
    bad = [row[:7] + ["138****8001", ""], ["救生衣", "飞行器", 5, "件", "库", "乙县交通运输局", "李四", "13800138002", ""]]
    batch, preview = import_(safety, "supplies", sheet(bad))
    assert "脱敏号码" in preview and "飞行器" in preview and "不在您的管理范围内" in preview
    safety.post(f"/safety/emergency/supplies/import/{batch.pk}/commit/")
    assert EmergencySupply.objects.count() == 1 and EmergencySupply.objects.get().phone == "13800138001"


def test_registers_are_read_masked_exported_and_scoped(world, client_for):
    EmergencySupply.objects.create(region=world.a, name="融雪剂", category="snow", quantity=80, measure="吨",
                                   location="养护站", contact="王五", phone="13900139000")
    RescueTeam.objects.create(region=world.a, name="应急抢险队", kind="professional", members=30, leader="赵六",
                              phone="13700137000", location="县城")
    leader = client_for(world.u.leader)
    page = leader.get("/safety/emergency/supplies/").content.decode()
    assert "融雪剂" in page and "13900139000" not in page and "139****9000" in page
    assert "应急抢险队" in leader.get("/safety/emergency/teams/").content.decode()
    masked = load_workbook(io.BytesIO(leader.get("/safety/emergency/supplies/export.xlsx?full=1").content))
    assert [c.value for c in masked.active[2]][7] == "139****9000"  # only the safety office gets full numbers
    safety = client_for(world.u.safety)
    full = load_workbook(io.BytesIO(safety.get("/safety/emergency/teams/export.xlsx?full=1").content))
    assert "13700137000" in [c.value for c in full.active[2]]
    assert safety.get("/safety/emergency/supplies/import/template.xlsx").status_code == 200
    assert client_for(world.u.road).get("/safety/emergency/supplies/import/").status_code == 403
    assert client_for(world.u.alice).get("/safety/emergency/supplies/").status_code == 403
    assert "融雪剂" not in client_for(world.u.safety_b).get("/safety/emergency/supplies/").content.decode()
