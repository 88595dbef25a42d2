"""Seed items of the 判定标准 catalogue, from shared/criteria.md:
(code, standard, sector code or None, scope note, text)."""

S52 = "交办运〔2023〕52号"
S59 = "交办公路〔2023〕59号"
S28 = "交办安监〔2025〕28号"
SHIP = "内河运输船舶重大事故隐患判定标准（2024）"
PORT = "危险货物港口作业重大事故隐患判定标准（2024）"

CRITERIA = [
    ("DY-G1", S52, "road", "道路运输/城市客运 通用", "未取得许可或备案经营，或超许可范围、有效期经营"),
    ("DY-G2", S52, "road", "通用", "使用报废、擅自改装、拼装、检验不合格或逾期未检等不符合规定的车辆设备"),
    ("DY-G3", S52, "road", "通用", "驾驶员或车辆长期存在“三超一疲劳”未纠正、1个月内未处理；或单次诚信考核扣10分及以上仍在岗"),
    ("DY-G4", S52, "road", "通用", "预警（台风橙色及以上；暴雨、暴雪、冰雹、大雾、沙尘暴、大风、道路结冰、地质灾害气象红色）期间违反政府停运指令或本企业应急预案继续运营"),
    ("DY-P1", S52, "road-passenger", "道路旅客运输", "800公里以上客运班线未开展安全风险评估，或凌晨2时至5时未停车休息或接驳运输"),
    ("DY-T1", S52, "urban", "网约车/出租汽车", "平台显示车辆或驾驶员与实际提供服务的不一致"),
    ("DY-D1", S52, "road-dangerous-goods", "危险货物道路运输", "常压液体危险货物罐车充装超出核定介质范围或超核定载质量"),
    ("GL-1", S59, "bridge", "公路运营/桥梁", "技术状况评定为5类的在役桥梁未改造且未封闭交通"),
    ("GL-2", S59, "tunnel", "公路运营/隧道", "技术状况评定为5类的在役隧道未整治且未封闭交通"),
    ("GL-3", S59, "highway", "公路运营/重点路段", "路侧安全净区内有高铁、高速公路、电力塔、危险品仓储等，未按建设期标准设置安全设施"),
    ("GL-4", S59, "bridge", "公路运营/桥梁", "跨越一级饮用水源保护区或高铁的桥梁、大型悬索斜拉桥未按标准设置防护设施"),
    ("GC-1", S28, "construction", "公路水运工程建设", "施工单位无有效资质证书或安全生产许可证"),
    ("GC-2", S28, "construction", "公路水运工程建设", "主要负责人、项目负责人或专职安全生产管理人员无有效安全生产考核合格证"),
    ("GC-3", S28, "construction", "公路水运工程建设", "危大工程未编制或未审核专项施工方案"),
    ("SY-1", SHIP, "water", "水上交通", "船长、轮机长配员低于最低安全配员要求"),
    ("SY-2", SHIP, "water", "水上交通", "LNG等低闪点燃料船舶船员无特殊培训合格证"),
    ("SY-3", SHIP, "water", "水上交通", "无有效检验证书、符合证明或安全管理证书"),
    ("SY-4", SHIP, "water", "水上交通", "超出核定航区航行"),
    ("SY-5", SHIP, "water", "水上交通", "严重超载货物或旅客"),
    ("SY-6", SHIP, "water", "水上交通", "违反通航管制规定航行"),
    ("SY-7", SHIP, "water", "水上交通", "主机车钟或应急停车系统故障"),
    ("GK-1", PORT, "port", "港口", "超许可范围、超能力、超期限作业"),
    ("GK-2", PORT, "port", "港口", "储罐超设计温度、压力或液位运行"),
    ("GK-3", PORT, "port", "港口", "使用已报废的大型装卸机械"),
]


def seed_criteria(Criterion, Sector):
    sectors = {s.code: s for s in Sector.objects.all()}
    for code, standard, sector, scope_note, text in CRITERIA:
        Criterion.objects.get_or_create(
            code=code, defaults={"standard": standard, "sector": sectors.get(sector), "scope_note": scope_note, "text": text}
        )
