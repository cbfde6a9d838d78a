"""Fixed lists of the demo district's alliance (``alliance.demo``): the partner units of the five key
chains' "1+1+N+X" structure by their real names (universities and institutes, industry
organisations, 西青区's towns and sub-districts, financial institutions), the lead department of each
chain, and the words of activities, pairings and visits."""

from __future__ import annotations

FIVE = ("ic", "iov", "auto", "equip", "bio")

# (name, chains) — the 高校院所 of the alliance
UNIVERSITIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("天津大学", ("ic", "iov", "equip")),
    ("南开大学", ("ic", "bio")),
    ("天津理工大学", ("ic", "equip")),
    ("天津工业大学", ("equip", "auto")),
    ("天津职业技术师范大学", ("auto", "equip")),
    ("中国民航大学", ("iov", "equip")),
    ("天津中医药大学", ("bio",)),
    ("天津医科大学", ("bio",)),
    ("天津科技大学", ("bio", "equip")),
    ("天津师范大学", ("ic",)),
    ("天津城建大学", ("iov",)),
    ("天津农学院", ("bio",)),
    ("天津商业大学", ("bio",)),
    ("天津电子信息职业技术学院", ("ic", "iov")),
    ("中国汽车技术研究中心有限公司", ("auto", "iov")),
    ("天津药物研究院有限公司", ("bio",)),
    ("中国科学院天津工业生物技术研究所", ("bio",)),
)

ASSOCIATIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("西青区集成电路产业联盟", ("ic",)),
    ("天津市集成电路行业协会", ("ic",)),
    ("天津市智能网联汽车产业联盟", ("iov", "auto")),
    ("天津市汽车工业协会", ("auto",)),
    ("西青区新能源汽车产业协会", ("auto",)),
    ("天津市生物医药行业协会", ("bio",)),
    ("天津市医疗器械行业协会", ("bio",)),
    ("天津市机器人产业协会", ("equip",)),
    ("西青区工商业联合会", FIVE),
    ("西青区企业家协会", ("equip", "bio")),
)

# 西青区's real towns and sub-districts, with the chains of the parks on their ground
SUBDISTRICTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("杨柳青镇", ("auto", "equip")),
    ("中北镇", ("iov", "auto")),
    ("精武镇", ("ic", "equip")),
    ("张家窝镇", ("equip", "bio")),
    ("辛口镇", ("bio",)),
    ("王稳庄镇", ("equip",)),
    ("大寺镇", ("auto", "equip")),
    ("李七庄街道", ("ic", "iov")),
    ("西营门街道", ("bio", "iov")),
    ("赤龙南街道", ("ic",)),
)

FINANCIAL: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("天津农村商业银行西青支行", FIVE),
    ("中国工商银行天津西青支行", ("ic", "auto")),
    ("中国农业银行天津西青支行", ("equip", "bio")),
    ("中国银行天津西青支行", ("ic", "iov")),
    ("中国建设银行天津西青支行", ("auto", "equip")),
    ("交通银行天津西青支行", ("bio",)),
    ("天津银行西青支行", FIVE),
    ("渤海银行天津西青支行", ("iov", "equip")),
    ("西青产业投资管理有限公司", FIVE),
    ("西青科创投资管理有限公司", ("ic", "bio")),
)

# the lead department (牵头部门) of each key chain
LEADS: dict[str, str] = {"ic": "区工业和信息化局", "iov": "区科学技术局", "auto": "区发展和改革委员会",
                         "equip": "区工业和信息化局", "bio": "区卫生健康委员会"}
# departments serving only some chains (the others serve all five)
DEPARTMENT_CHAINS: dict[str, tuple[str, ...]] = {
    "区卫生健康委员会": ("bio",), "区交通运输局": ("iov", "auto"), "区生态环境局": ("auto", "equip", "bio"),
    "区应急管理局": ("equip", "bio"), "区教育局": ("ic", "bio"), "区统计局": ("ic", "equip"),
    "区规划和自然资源局": ("auto", "equip"), "区住房和城乡建设委员会": ("equip", "auto"),
    "区司法局": ("ic", "bio"), "区城市管理委员会": ("iov", "equip"),
}
FOUNDED = (2023, 3, 28)  # the alliance's founding meeting: the lead departments and chain masters join

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段"
GIVEN = ("伟", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平",
         "刚", "桂英", "建国", "建华", "志强", "海燕", "晓东", "文博", "雪梅", "立新", "红梅", "振华", "宏伟", "子涵",
         "思远", "佳怡", "浩然", "雨桐", "欣怡", "俊杰", "国庆", "永红")
POSTS = ("党支部书记", "总经理", "行政总监", "党群工作部部长", "副总经理", "董事会秘书")

# --- activities -------------------------------------------------------------------------------------
ROTA_TITLES = ("{chain}产业链党委书记轮值活动暨上下游对接会", "{chain}产业链党委书记轮值活动——走进{host}",
               "{chain}产业链党委书记轮值活动暨供需对接会")
OTHER_TITLES = (
    ("{chain}产业链党建联建‘链’上行", "lead"),
    ("{chain}产业链“党建+政策”惠企政策宣讲会", "lead"),
    ("{chain}产业链银企对接会", "financial"),
    ("{chain}产业链产学研合作对接会", "university"),
    ("{chain}产业链党建联盟主题党日活动", "lead"),
    ("{chain}产业链人才招聘专场活动", "lead"),
    ("{chain}产业链“专精特新”培育沙龙", "association"),
    ("{chain}产业链党建联建“街企共建”座谈会", "subdistrict"),
    ("{chain}产业链党建联盟年度工作推进会", "lead"),
)
TOPICS = {
    "ic": ("芯片国产化替代", "封装测试产能协同", "车规级芯片验证", "半导体材料本地配套"),
    "iov": ("车路协同场景开放", "智能网联测试验证", "车载终端本地配套", "数据安全合规"),
    "auto": ("动力电池本地配套", "整车与零部件协同", "新能源汽车供应链稳链", "电驱动系统配套"),
    "equip": ("智能制造装备应用", "关键零部件国产化", "数控系统配套", "工业软件应用推广"),
    "bio": ("医疗器械产学研合作", "创新药临床资源对接", "原料药与制剂配套", "生物试剂国产化"),
}
ROTA_SUMMARY = ("本次活动由{host}党组织书记轮值主持，{n}家成员单位参加。与会企业参观了{host}生产车间和党建阵地，"
                "围绕{topic}开展交流，{lead}解读了相关惠企政策，现场梳理企业需求{k}项。")
OTHER_SUMMARY = ("活动由{host}承办，{n}家成员单位参加。会议围绕{topic}深入交流，推动党建资源与产业资源互联互通，"
                 "现场收集企业诉求{k}项，已分类转交相关部门办理。")
INTENT_SUMMARY = "会上，{pairs}等企业达成初步合作意向。"
INTENTS = ("{a}拟为{b}供应{product}，双方约定开展样品验证", "{a}与{b}就{product}本地配套达成初步合作意向",
           "{a}与{b}拟联合开展{product}技术攻关", "{b}拟将{a}纳入{product}合格供应商名录")

# --- pairings ---------------------------------------------------------------------------------------
PAIRING_GOALS = {
    "ee": ("围绕{product}开展上下游配套，推动本地采购比例提升", "共建联合党支部活动阵地，开展供需对接和技术交流",
           "建立稳定供货关系，共同开拓{chain}市场"),
    "de": ("定期走访，帮助企业解决用地、用工、融资等问题", "精准推送惠企政策，协助申报专精特新和技术改造项目",
           "党建引领服务企业，建立问题收集、转办、反馈闭环"),
    "ue": ("共建联合实验室，开展{product}关键技术攻关", "共建实习实训基地，开展订单式人才培养",
           "推动科技成果在企业转化落地"),
}
PAIRING_LOGS = {
    "ee": ("双方党组织开展联合主题党日活动", "双方技术团队开展{product}供货技术对接", "完成首批样品验证",
           "签订年度采购框架协议", "召开结对共建季度交流会"),
    "de": ("上门走访，了解企业生产经营情况", "协助企业完成专精特新申报材料准备", "协调解决企业用电增容问题",
           "组织企业参加政策宣讲会", "帮助企业对接合作银行获得流动资金贷款"),
    "ue": ("双方签订产学研合作协议", "联合申报市级科技计划项目", "学校派驻科技特派员入企服务",
           "企业接收学生开展实习实训", "联合实验室揭牌"),
}

# --- the service record (visits and consultations) ---------------------------------------------------
VISIT_TITLES = ("{unit}走访{enterprise}", "{unit}上门服务{enterprise}", "{unit}开展“进企业、解难题”走访")
CONSULT_TITLES = ("{enterprise}咨询{resource}", "{unit}解答{enterprise}政策咨询")
PROBLEMS = ("扩产需新增工业用地，希望协调用地指标", "高技能人才招聘难，希望对接职业院校",
            "流动资金周转压力较大，希望对接低息贷款", "新建厂房配电增容手续办理进度较慢",
            "希望对接本地上游供应商，降低采购和物流成本", "研发费用归集不规范，需要加计扣除辅导",
            "企业周边道路破损，货车通行不便", "环评手续办理周期较长，影响新产线投产",
            "员工子女入学有困难", "产品进入本地医疗机构和整车企业采购渠道难")
