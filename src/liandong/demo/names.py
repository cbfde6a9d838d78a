"""Name parts and fixed lists of the demo district 西青区（示例）.

Everything here is invented for the demo: company 字号 are random pairs of common 字号 characters,
so any match with a real company is a coincidence. Department, park and road names follow the
real district's public naming so the demo reads naturally.
"""

from __future__ import annotations

DISTRICT_NAME = "西青区（示例）"
DIVISION_CODE = "120111"  # GB/T 2260: 天津市西青区

# 21 member departments (成员单位) of the district's industrial-chain work: (name, short name).
DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("区发展和改革委员会", "区发改委"),
    ("区工业和信息化局", "区工信局"),
    ("区科学技术局", "区科技局"),
    ("区商务局", "区商务局"),
    ("区财政局", "区财政局"),
    ("区人力资源和社会保障局", "区人社局"),
    ("区市场监督管理局", "区市场监管局"),
    ("区统计局", "区统计局"),
    ("区税务局", "区税务局"),
    ("区规划和自然资源局", "区规划资源局"),
    ("区生态环境局", "区生态环境局"),
    ("区住房和城乡建设委员会", "区住建委"),
    ("区政务服务办公室", "区政务服务办"),
    ("区金融工作局", "区金融局"),
    ("区投资促进局", "区投促局"),
    ("区司法局", "区司法局"),
    ("区应急管理局", "区应急局"),
    ("区交通运输局", "区交通局"),
    ("区卫生健康委员会", "区卫健委"),
    ("区教育局", "区教育局"),
    ("区城市管理委员会", "区城管委"),
)
DEPT_USER_ORG = "区工业和信息化局"

# Other organizations: (name, short name, kind).
OTHER_ORGS: tuple[tuple[str, str, str], ...] = (
    ("西青区产业链工作专班", "链长办", "office"),
    ("天开西青园管委会", "西青园管委会", "park_operator"),
    ("天津大学", "天大", "university"),
    ("西青区集成电路产业联盟", "集成电路联盟", "association"),
    ("天津农村商业银行西青支行", "农商行西青支行", "financial"),
)

# 天开西青园 sub-parks: (name, short name, town, roads, weight of enterprises placed there).
PARKS: tuple[tuple[str, str, str, tuple[str, ...], float], ...] = (
    ("学府工业园区", "学府园", "李七庄街道",
     ("学府路", "梅苑路", "兰苑路", "凌奥道", "学苑路"), 1.2),
    ("西青大学城", "大学城", "张家窝镇",
     ("宾水西道", "雅观路", "同砚路", "知景道", "思源道"), 0.8),
    ("南站科技商务区", "南站商务区", "中北镇",
     ("南站东路", "津涞公路", "商务区一路", "科技园路"), 0.7),
    ("西青经济技术开发区", "西青开发区", "杨柳青镇",
     ("赛达一大街", "赛达二大街", "赛达三支路", "兴华一支路", "兴华七支路", "新源道", "高新大道"), 2.4),
    ("中北高新产业园", "中北园", "中北镇",
     ("中北大道", "万卉路", "星光路", "阜盛道"), 1.0),
    ("精武科技产业园", "精武园", "精武镇",
     ("精武路", "津同公路", "学府西路"), 0.6),
    ("张家窝智能制造产业园", "张家窝园", "张家窝镇",
     ("杨柳青大道", "张家窝工业园路", "智造大道"), 0.6),
)
PARK_DESCRIPTION = "天开高教科创园西青园（天开西青园）分园区（示例数据）"
OFF_PARK_TOWNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("西营门街道", ("外环西路", "西青道", "红旗南路")),
    ("大寺镇", ("津港公路", "王兰庄路", "大寺工业园路")),
    ("辛口镇", ("辛口公路", "京福公路")),
    ("王稳庄镇", ("王稳庄大道", "津港公路")),
)

# 字号 characters with their pinyin (the pinyin builds the e-mail domain).
ZIHAO_CHARS: dict[str, str] = {
    "芯": "xin", "睿": "rui", "华": "hua", "创": "chuang", "达": "da", "瑞": "rui", "恒": "heng",
    "联": "lian", "智": "zhi", "新": "xin", "博": "bo", "泰": "tai", "海": "hai", "天": "tian",
    "宇": "yu", "晶": "jing", "鑫": "xin", "源": "yuan", "康": "kang", "盛": "sheng", "通": "tong",
    "航": "hang", "安": "an", "信": "xin", "宏": "hong", "远": "yuan", "际": "ji", "星": "xing",
    "光": "guang", "辰": "chen", "微": "wei", "科": "ke", "驰": "chi", "卓": "zhuo", "越": "yue",
    "领": "ling", "锐": "rui", "精": "jing", "诚": "cheng", "锦": "jin", "嘉": "jia", "润": "run",
    "泽": "ze", "铭": "ming", "昊": "hao", "晟": "sheng", "骏": "jun", "翔": "xiang", "腾": "teng",
    "飞": "fei", "凯": "kai", "峰": "feng", "拓": "tuo", "磊": "lei", "森": "sen", "瀚": "han",
    "云": "yun", "汇": "hui", "融": "rong", "合": "he", "力": "li", "众": "zhong", "鼎": "ding",
    "立": "li", "方": "fang", "正": "zheng", "元": "yuan", "启": "qi", "明": "ming", "德": "de",
    "和": "he", "中": "zhong", "北": "bei", "津": "jin", "沽": "gu", "渤": "bo", "滨": "bin",
    "青": "qing", "柳": "liu", "诺": "nuo", "维": "wei", "思": "si", "特": "te", "普": "pu",
    "旭": "xu", "东": "dong", "亿": "yi", "兆": "zhao", "万": "wan", "优": "you", "捷": "jie",
    "迅": "xun", "宸": "chen", "昱": "yu", "晖": "hui", "耀": "yao", "煜": "yu", "灿": "can",
    "峻": "jun", "岳": "yue", "屹": "yi", "聚": "ju", "数": "shu", "极": "ji", "本": "ben",
    "原": "yuan", "硅": "gui", "钛": "tai", "钧": "jun", "铂": "bo", "钰": "yu", "锋": "feng",
    "璟": "jing", "瑾": "jin", "琪": "qi", "璞": "pu", "琨": "kun", "祥": "xiang", "丰": "feng",
    "益": "yi", "禾": "he", "健": "jian", "金": "jin", "英": "ying", "伟": "wei", "杰": "jie",
    "豪": "hao", "赛": "sai", "奥": "ao", "朗": "lang", "帆": "fan", "舟": "zhou", "川": "chuan",
    "坤": "kun", "乾": "qian", "泓": "hong", "澜": "lan", "沛": "pei", "涛": "tao", "凌": "ling",
    "霆": "ting", "麟": "lin", "鹏": "peng", "鸿": "hong", "骐": "qi", "隆": "long", "昌": "chang",
    "茂": "mao", "景": "jing", "晨": "chen", "曦": "xi", "标": "biao", "宁": "ning", "永": "yong",
}
ZIHAO_LIST: tuple[str, ...] = tuple(ZIHAO_CHARS)

# 行业词 (the industry part of a company name) per level-2 chain node; level-3 nodes use their parent's.
INDUSTRY_WORDS: dict[str, tuple[str, ...]] = {
    "ic.up.eda": ("微电子科技", "集成电路设计", "芯片技术"),
    "ic.up.mat": ("半导体材料", "电子材料", "新材料科技"),
    "ic.up.equip": ("半导体设备", "精密装备", "微电子装备"),
    "ic.mid.design": ("微电子科技", "芯片科技", "集成电路设计", "半导体科技"),
    "ic.mid.fab": ("半导体", "集成电路制造", "微电子"),
    "ic.mid.pkg": ("封装测试", "半导体封装", "微电子封装"),
    "ic.down.consumer": ("电子科技", "智能科技", "电子"),
    "ic.down.telecom": ("通信技术", "通信设备", "网络科技"),
    "ic.down.autoelec": ("汽车电子", "车用电子科技"),
    "ic.down.industrial": ("自动化技术", "工控科技", "电气"),
    "ic.down.xinchuang": ("信息技术", "计算机系统", "信创科技"),
    "ic.down.iot": ("物联网科技", "智能科技", "传感技术"),
    "iov.up.sensing": ("传感技术", "智能感知科技", "光电科技"),
    "iov.up.compute": ("智能芯片", "通信模组", "智联科技"),
    "iov.up.position": ("导航科技", "卫星导航", "地理信息"),
    "iov.up.os": ("软件", "智能软件", "信息技术"),
    "iov.up.security": ("网络安全技术", "信息安全", "安全科技"),
    "iov.mid.terminal": ("车载电子", "智能终端", "车联科技"),
    "iov.mid.roadside": ("智能交通", "交通科技", "车路协同科技"),
    "iov.mid.ads": ("智能驾驶", "自动驾驶科技", "智行科技"),
    "iov.mid.cloud": ("车联网科技", "数据科技", "云科技"),
    "iov.mid.testing": ("检测技术", "汽车检测", "认证服务"),
    "iov.down.vehicle": ("智能汽车", "新能源汽车", "汽车科技"),
    "iov.down.mobility": ("出行科技", "智慧出行", "交通服务"),
    "iov.down.logistics": ("智慧物流", "供应链管理", "物流科技"),
    "iov.down.data": ("数据服务", "大数据科技", "信息服务"),
    "auto.up.mat": ("新材料", "锂电材料", "新能源材料"),
    "auto.up.battery": ("新能源科技", "电池", "储能科技"),
    "auto.up.edrive": ("电机", "电驱动科技", "动力系统"),
    "auto.up.elec": ("汽车电子", "电控技术", "汽车电器"),
    "auto.up.parts": ("汽车零部件", "汽车配件", "精密机械"),
    "auto.mid.mfg": ("汽车", "新能源汽车", "汽车制造"),
    "auto.down.sales": ("汽车销售服务", "汽车贸易", "汽车服务"),
    "auto.down.charging": ("充电科技", "能源科技", "新能源设备"),
    "auto.down.recycle": ("资源再生", "再生资源", "循环科技"),
    "auto.down.after": ("汽车服务", "汽车维修", "汽车用品"),
    "equip.up.mat": ("特种材料", "新材料科技", "金属材料"),
    "equip.up.parts": ("精密机械", "传动科技", "机械配件"),
    "equip.up.cnc": ("数控技术", "伺服科技", "自动化科技"),
    "equip.up.sensor": ("仪器仪表", "传感科技", "测控技术"),
    "equip.up.software": ("工业软件", "软件", "工业互联网科技"),
    "equip.mid.smart": ("智能装备", "机器人科技", "自动化设备"),
    "equip.mid.aero": ("航空科技", "航天科技", "航空装备"),
    "equip.mid.rail": ("轨道交通装备", "轨道科技", "机车配件"),
    "equip.mid.marine": ("海洋工程装备", "船舶配套", "海工科技"),
    "equip.mid.eco": ("环保科技", "节能设备", "环境工程"),
    "equip.mid.construct": ("工程机械", "重工机械", "建筑机械"),
    "equip.down.integration": ("智能制造系统", "系统集成", "自动化工程"),
    "equip.down.service": ("设备技术服务", "检测技术", "机电工程"),
    "equip.down.app": ("机电设备", "装备科技", "工业技术"),
    "bio.up.cro": ("医药科技", "生物医药研究", "医药技术"),
    "bio.up.api": ("药业", "医药化工", "制药"),
    "bio.up.reagent": ("生物技术", "生物科技", "生化试剂"),
    "bio.up.equip": ("制药装备", "制药机械", "生物工程设备"),
    "bio.mid.chem": ("药业", "制药", "医药"),
    "bio.mid.biologic": ("生物制药", "生物技术", "生物制品"),
    "bio.mid.tcm": ("中药", "中药饮片", "药业"),
    "bio.mid.device": ("医疗器械", "医疗科技", "医疗设备"),
    "bio.mid.cdmo": ("医药科技", "生物医药", "制药技术"),
    "bio.down.distribution": ("医药", "医药贸易", "医药物流"),
    "bio.down.hospital": ("医院管理", "医疗管理", "健康医疗"),
    "bio.down.pharmacy": ("大药房", "医药连锁", "药房"),
    "bio.down.health": ("健康科技", "健康管理", "康养服务"),
}
FALLBACK_WORDS_MANUFACTURING: tuple[str, ...] = ("科技", "机械制造", "实业")
FALLBACK_WORDS_SERVICES: tuple[str, ...] = ("信息技术", "科技发展", "技术服务")

# Enterprises on no chain: (GB/T 4754-2017 class, industry words, products).
OFF_CHAIN: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("3311", ("钢结构", "金属结构"), ("钢结构件", "轻钢结构", "网架结构")),
    ("2929", ("塑料制品", "塑胶科技"), ("注塑件", "塑料零件", "工程塑料制品")),
    ("2231", ("包装制品", "纸业包装"), ("瓦楞纸箱", "纸制包装", "彩印包装")),
    ("3489", ("机械配件", "五金制品"), ("通用零部件", "紧固件", "五金配件")),
    ("3360", ("表面处理科技", "热处理"), ("电镀加工", "热处理加工", "表面涂层")),
    ("2641", ("涂料", "化工科技"), ("工业涂料", "防腐涂料", "水性涂料")),
    ("3831", ("电线电缆", "线缆"), ("电力电缆", "控制电缆", "特种线缆")),
    ("5179", ("机电设备", "商贸"), ("机电设备销售", "电子产品批发", "仪器设备销售")),
    ("6531", ("信息技术", "网络工程"), ("信息系统集成", "网络工程", "运维服务")),
    ("7320", ("技术研究院", "工程技术"), ("技术开发", "检测试验", "工程技术服务")),
)

CHAIN_WEIGHTS: dict[str, float] = {"ic": 0.30, "auto": 0.25, "equip": 0.18, "iov": 0.12, "bio": 0.15}
# Annual growth trend of output by chain; with the price drift below, comparable-price growth of
# value added is about IC 14 %, biomedicine 13 %, IoV 8 %, equipment 4 %, autos 3 %.
CHAIN_GROWTH: dict[str, float] = {"ic": 0.155, "bio": 0.15, "iov": 0.09, "equip": 0.06, "auto": 0.035}
OFF_CHAIN_GROWTH = 0.02
# Annual producer-price drift by chain (current / comparable prices − 1).
CHAIN_PRICE_DRIFT: dict[str, float] = {"ic": 0.010, "bio": 0.015, "iov": 0.005, "equip": 0.020, "auto": 0.005}
# Seasonality by calendar month: the Spring Festival dip in January and February.
SEASON: tuple[float, ...] = (0.86, 0.74, 1.02, 1.01, 1.02, 1.05, 0.99, 0.98, 1.03, 1.00, 1.06, 1.24)

CONTACT_TITLES: tuple[str, ...] = (
    "总经理", "副总经理", "办公室主任", "综合部经理", "财务总监", "董事会秘书", "行政经理", "项目经理",
)
EMAIL_LOCALS: tuple[str, ...] = ("office", "contact", "info", "admin", "hr", "service", "zonghe", "bgs")
MOBILE_PREFIXES: tuple[str, ...] = (
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153",
    "155", "156", "157", "158", "159", "180", "181", "182", "183", "185", "186", "187", "188", "189",
)


# Suppliers registered outside the district (USCC division, city): local enterprises buy from them.
OUTSIDE_DIVISIONS: tuple[tuple[str, str], ...] = (
    ("310115", "上海"), ("320594", "苏州"), ("440300", "深圳"), ("110108", "北京"), ("120116", "天津滨海"),
    ("330106", "杭州"), ("420111", "武汉"),
)
OUTSIDE_SHARE = 0.05  # outside suppliers per local enterprise
