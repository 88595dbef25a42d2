"""The demo counties: organisation taken from the leading-group lists of the
Wushen (乌审旗) and Qinshui (沁水县) sample plans; enterprises are synthetic."""

REGIONS = [
    # code, name, level, parent code
    ("150000", "内蒙古自治区", "province", None),
    ("150600", "鄂尔多斯市", "city", "150000"),
    ("150626", "乌审旗", "county", "150600"),
    ("150626100", "嘎鲁图镇", "town", "150626"),
    ("150626101", "乌审召镇", "town", "150626"),
    ("150626102", "图克镇", "town", "150626"),
    ("150626103", "乌兰陶勒盖镇", "town", "150626"),
    ("150626104", "无定河镇", "town", "150626"),
    ("150626200", "苏力德苏木", "town", "150626"),
    ("140000", "山西省", "province", None),
    ("140500", "晋城市", "city", "140000"),
    ("140521", "沁水县", "county", "140500"),
    ("140521100", "龙港镇", "town", "140521"),
    ("140521101", "中村镇", "town", "140521"),
    ("140521102", "郑庄镇", "town", "140521"),
    ("140521103", "端氏镇", "town", "140521"),
]

# Hazard number prefixes (WS-2026-00001).
ABBR = {"150626": "WS", "140521": "QS"}

# Town centres (lat, lng) so demo enterprises sit inside the county.
TOWN_CENTRES = {
    "150626100": (38.598, 108.842), "150626101": (38.905, 108.805), "150626102": (38.990, 108.470),
    "150626103": (38.310, 108.650), "150626104": (37.960, 108.760), "150626200": (38.760, 109.090),
    "140521100": (35.690, 112.185), "140521101": (35.520, 112.020), "140521102": (35.740, 112.360),
    "140521103": (35.800, 112.470),
}

# Units: (key, name, kind, parent key, sector codes)
WUSHEN_UNITS = [
    ("bureau", "乌审旗交通运输局", "bureau", None, []),
    ("office", "办公室", "office", "bureau", []),
    ("safety", "安全监管和运输服务股", "office", "bureau", []),
    ("general", "综合股", "office", "bureau", []),
    ("approval", "行政审批股", "office", "bureau", []),
    ("rural_roads", "农村公路建设养护服务中心", "subordinate", "bureau", ["highway", "construction"]),
    ("service", "交通运输综合服务中心", "subordinate", "bureau", ["urban", "bus-station", "new-business", "fire-crowded"]),
    ("enforcement", "交通运输综合行政执法大队", "enforcement", "bureau", ["road", "urban", "water", "overload"]),
    ("city_service", "鄂尔多斯市交通运输服务中心乌审旗分中心", "external", None, ["road-passenger", "road-dangerous-goods"]),
    ("city_enforcement", "鄂尔多斯市交通运输综合行政执法支队乌审旗大队", "external", None, ["road", "railway"]),
]

# People of the Wushen 领导小组: (name, unit key, position, group role)
WUSHEN_PEOPLE = [
    ("呼日亚图", "bureau", "旗交通运输局党组书记、局长", "leader"),
    ("罗玉斌", "bureau", "旗交通运输局党组成员、副局长", "deputy"),
    ("徐跃飞", "bureau", "旗交通运输局党组成员、副局长", "deputy"),
    ("牛东义", "bureau", "旗交通运输局党组成员、副局长", "deputy"),
    ("白彦鹏", "service", "旗交通运输综合服务中心主任", "deputy"),
    ("朝格查", "enforcement", "旗交通运输综合行政执法大队大队长", "deputy"),
    ("张伊海", "city_service", "市交通运输服务中心乌审旗分中心主任", "deputy"),
    ("高兵", "city_enforcement", "市综合行政执法支队乌审旗大队大队长", "deputy"),
    ("陶格陶锁", "office", "旗交通运输局办公室主任", "member"),
    ("刘志刚", "safety", "旗交通运输局安全监管和运输服务股股长", "member"),
    ("段永虎", "general", "旗交通运输局综合股股长", "member"),
    ("巴雅尔图", "approval", "旗交通运输局行政审批股股长", "member"),
    ("哈斯托娅", "rural_roads", "旗交通运输局农村公路建设养护服务中心主任", "member"),
    ("韩小龙", "rural_roads", "旗交通运输局农村公路建设养护服务中心副主任", "member"),
    ("郝广峰", "enforcement", "旗交通运输局交通运输综合行政执法大队副大队长", "member"),
    ("刘卫军", "enforcement", "旗交通运输局交通运输综合行政执法大队副大队长", "member"),
    ("白嘎里", "service", "旗交通运输综合服务中心副主任", "member"),
    ("苏日古格", "safety", "旗交通运输局安全监管和运输服务股副股长", "member"),
]
WUSHEN_HEADS = {"bureau": "呼日亚图", "office": "陶格陶锁", "safety": "刘志刚", "general": "段永虎",
                "approval": "巴雅尔图", "rural_roads": "哈斯托娅", "service": "白彦鹏", "enforcement": "朝格查",
                "city_service": "张伊海", "city_enforcement": "高兵"}
WUSHEN_GROUP = {
    "name": "乌审旗交通运输系统安全生产治本攻坚三年行动领导小组",
    "office_unit": "safety",
    "office_director": "刘志刚",
    "duties": "负责组织落实领导小组工作部署，做好全旗交通运输系统安全生产治本攻坚三年行动整体谋划、统筹协调、推进落实、督查督办等工作。",
}

QINSHUI_UNITS = [
    ("bureau", "沁水县交通运输局", "bureau", None, []),
    ("transport", "综合运输股", "office", "bureau", ["road", "urban"]),
    ("highway", "公路管理股", "office", "bureau", ["highway"]),
    ("eng1", "工程一股", "office", "bureau", ["construction"]),
    ("eng2", "工程二股", "office", "bureau", ["construction"]),
    ("eng3", "工程三股", "office", "bureau", ["construction"]),
    ("tech", "技术股", "office", "bureau", []),
    ("planning", "规划股", "office", "bureau", []),
    ("enforcement", "县交通运输综合行政执法队", "enforcement", "bureau", ["road", "urban", "water", "railway", "overload"]),
    ("development", "县交通运输事业发展中心", "subordinate", "bureau", ["road", "urban"]),
    ("maintenance", "养护中心", "subordinate", "bureau", ["highway"]),
]
QINSHUI_PEOPLE = [("张文红", "bureau"), ("张海潮", "bureau"), ("邢莉梅", "bureau"), ("张子良", "bureau"),
                  ("张广林", "bureau"), ("丁沁斌", "bureau")]
QINSHUI_LEADING_GROUP = "沁水县交通运输安全生产治本攻坚三年行动专项领导组"
# 专班: (name, leader, deputies, member unit keys)
QINSHUI_TASK_FORCES = [
    ("道路（水上）运输工作专班", "张文红", ["邢莉梅", "张子良"], ["enforcement", "development", "transport"]),
    ("公路运营工作专班", "张海潮", ["张广林", "张子良"], ["enforcement", "highway", "maintenance"]),
    ("公路工程建设工作专班", "张海潮", ["丁沁斌", "张广林", "张子良"],
     ["enforcement", "eng1", "eng2", "eng3", "tech", "planning"]),
    ("城市客运工作专班", "张文红", ["邢莉梅", "张子良"], ["enforcement", "development", "transport"]),
    ("铁路沿线工作专班", "张文红", ["张子良"], ["enforcement"]),
]

# Synthetic enterprises: sector code -> (count in Wushen, name suffix, licence kind)
ENTERPRISE_MIX = [
    ("road-passenger", 5, "汽车运输有限责任公司", "road_transport"),
    ("charter-bus", 3, "旅游客运有限公司", "road_transport"),
    ("road-dangerous-goods", 8, "危险货物运输有限公司", "dangerous_goods"),
    ("road-freight", 12, "物流有限公司", "road_transport"),
    ("bus-station", 2, "汽车客运站", "road_transport"),
    ("vehicle-repair", 6, "汽车维修服务有限公司", "road_transport"),
    ("driver-training", 3, "机动车驾驶员培训学校", "road_transport"),
    ("urban-bus", 2, "公共交通有限公司", "road_transport"),
    ("taxi", 4, "出租汽车有限公司", "road_transport"),
    ("ride-hailing", 2, "网约车服务有限公司", "road_transport"),
    ("construction", 6, "路桥工程有限公司", "construction"),
    ("toll-service", 2, "服务区管理有限公司", "other"),
    ("pontoon", 2, "浮桥运营有限公司", "waterway"),
    ("railway", 1, "铁路专用线运营有限公司", "other"),
    ("fire-crowded", 1, "综合交通枢纽管理有限公司", "other"),
    ("new-business", 1, "即时配送服务有限公司", "other"),
]
TRADE_NAMES = [
    "鑫达", "蒙运", "安顺", "通达", "萨拉乌苏", "无定河", "嘎鲁图", "苏力德", "毛乌素", "巴图湾", "草原星",
    "金驼", "宏远", "恒通", "瑞丰", "腾飞", "锦程", "天骄", "昌盛", "顺捷", "福泰", "广源", "永信", "众和",
    "祥瑞", "兴旺", "大漠", "银河", "北疆", "泰和", "华运", "吉祥", "海纳", "新途", "德顺", "凯达", "隆源",
    "弘毅", "长风", "远航", "晨曦", "鸿雁", "骏马", "碧野", "红柳", "胡杨", "沙柳", "绿洲", "百灵", "云杉",
    "星河", "乌兰", "敖包", "查干", "阿拉善", "巴音", "图克", "乌审召", "纳林", "河南",
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = ["建国", "海军", "志强", "丽娜", "晓东", "国华", "春梅", "永胜", "红霞", "宝音", "其木格", "巴特尔",
         "玉兰", "文斌", "俊杰", "秀英", "金花", "立新", "明", "静", "磊", "敏", "伟", "娜仁", "额尔敦", "乌日娜"]

DEMO_PASSWORD = "Zhiben@2026"
# username, role, person name (linked when the person exists), county, unit key
DEMO_USERS = [
    ("leader", "leader", "呼日亚图", "wushen", "bureau"),
    ("safety", "safety_office", "刘志刚", "wushen", "safety"),
    ("unit", "unit_staff", "郝广峰", "wushen", "enforcement"),
    ("unit2", "unit_staff", "哈斯托娅", "wushen", "rural_roads"),
    ("enterprise", "enterprise", None, "wushen", None),
    ("expert", "expert", "王建国", "wushen", None),
    ("sysadmin", "sys_admin", None, "wushen", None),
    ("secadmin", "security_admin", None, "wushen", None),
    ("auditor", "auditor", None, "wushen", None),
    ("qinshui", "safety_office", "张子良", "qinshui", "bureau"),
]
# The level above 乌审旗 (demo.city_demo): 鄂尔多斯市交通运输局安全监督科, receiving the counties' tables.
CITY_USERS = [("city", "safety_office", "乔建军")]
