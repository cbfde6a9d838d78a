"""The catalogue section of bench/alliance.py (issue #17).

Sections (each a function returning a dict; ``main`` prints one JSON object with them):
  catalogue   --resources (10,000) resources of 21 member units written from phrase lists into the
              database (title, keywords, summary, conditions; a third on one or two chains), then, as the
              operator: analyzer_seconds (jieba and the domain words, once per process), index_seconds (the
              BM25 index over every active resource, best of 3), and --queries (200) varied Chinese
              searches through ``catalogue.search`` — jargon, synonyms, abbreviations, appeal-like
              sentences, some with a type or chain filter — each timed whole (the catalogue's state key,
              the in-process index, scoring, the matched words, loading the hits): p50_ms, p95_ms, max_ms
              (target p95 ≤ 50 ms), and the share of queries with a hit.
Runs on a scratch database (migrated here), or on --db.
    .venv/bin/python bench/alliance.py [--resources 10000] [--queries 200] [--db FILE]
"""

from __future__ import annotations

import random
import statistics
import time

CATALOGUE_P95_LIMIT_MS = 50

UNITS = ("区金融工作局", "区工业和信息化局", "区科学技术局", "区税务局", "区商务局", "区人力资源和社会保障局",
         "区发展和改革委员会", "区市场监督管理局", "区规划和自然资源局", "区政务服务办公室", "区生态环境局",
         "区知识产权局", "区科协", "区工商联", "区融资担保公司", "天津农商银行西青支行", "集成电路公共服务平台",
         "车联网创新中心", "生物医药中试基地", "天津大学技术转移中心", "西青经济技术开发区管委会")
TOPICS = (
    ("贷款利息补贴", "贴息 流动资金", "对企业银行贷款利息按比例给予补贴"),
    ("政策性融资担保", "担保 增信", "为轻资产科技企业提供担保，担保费率不高于1%"),
    ("应急转贷资金", "续贷 过桥", "为到期贷款提供短期周转资金"),
    ("知识产权质押融资", "专利 质押", "协调银行办理专利质押贷款"),
    ("专精特新企业培育", "小巨人 梯度培育", "指导企业申报专精特新中小企业和小巨人"),
    ("首台（套）装备保险补偿", "首台套 装备", "对首台套重大技术装备保费给予补偿"),
    ("技术改造项目奖补", "技改 设备更新", "按设备投资额给予奖补"),
    ("研发费用加计扣除辅导", "研发费用 归集", "上门讲解研发费用归集口径"),
    ("高新技术企业认定辅导", "高企 预审", "组织高企认定材料预审"),
    ("MPW多项目晶圆补助", "集成电路 芯片设计", "对设计企业流片费用给予补助"),
    ("检验检测公共服务", "检测 认证", "提供可靠性测试和认证服务"),
    ("中试平台开放共享", "中试 小试", "向中小企业开放中试线"),
    ("人才公寓申请", "人才 落户", "为引进人才提供公寓"),
    ("重点企业招聘专场", "招聘 用工", "每季度举办招聘专场"),
    ("境外展会参展补贴", "展会 出口", "补贴境外展会展位费"),
    ("跨境电商出口服务", "外贸 出海", "帮助企业开拓海外市场"),
    ("标准厂房租赁", "厂房 载体", "提供标准厂房和仓储空间"),
    ("工业互联网上云补贴", "上云 数字化转型", "对企业上云费用给予补贴"),
    ("科技成果转化对接", "技术转移 产学研", "对接高校院所科技成果"),
    ("孵化器入驻", "孵化 众创空间", "为初创企业提供孵化空间"),
    ("上市辅导培育", "上市 挂牌", "培育拟上市企业"),
    ("股权投资对接", "创投 基金投资", "组织投资机构路演对接"),
    ("绿色制造体系申报", "节能 降碳", "指导绿色工厂申报"),
    ("环评审批帮办", "环评 审批", "提供环评手续帮办代办"),
    ("车联网测试场开放", "车联网 智能驾驶", "开放智能网联汽车测试道路"),
    ("生物医药临床试验服务", "CRO 临床试验", "对接临床研究外包服务"),
)
PREFIXES = ("", "2026年度", "西青区", "重点产业链", "中小企业", "链上企业", "新一轮")
SUFFIXES = ("", "（第二批）", "专项", "服务包", "政策", "项目")
CONDITIONS = ("在本区注册纳税", "上年度营业收入2000万元以上", "无不良信用记录", "拥有有效发明专利",
              "规上工业企业", "近三年无重大安全生产事故", "")
QUERIES = ("专精特新申报辅导", "贷款贴息", "研发费用加计扣除", "流片补贴", "首台套", "小巨人", "研发加计", "财政贴息",
           "技改补贴", "高企认定", "专利质押贷款", "担保费", "招工难", "人才落户", "厂房", "出口", "参展补贴",
           "上云", "中试", "孵化器", "ipo", "风投", "环评", "节能降碳", "MPW", "首台(套)保险", "续贷过桥",
           "知识产权", "检测认证", "成果转化", "车联网测试", "临床试验外包", "芯片设计流片", "设备更新奖补",
           "流动资金贷款到期，希望了解贴息和担保方面的支持", "企业想申报国家级专精特新小巨人，需要辅导",
           "今年研发投入较大，想了解研发费用税前加计扣除怎么归集", "扩产需要两千平米标准厂房",
           "新研制的装备想申请首台套保险补偿", "招聘一线操作工困难", "准备参加德国展会，有没有展位费补贴",
           "设计企业流片费用太高", "想找高校合作做技术转移", "需要做产品可靠性测试和认证")
FILTERS = ({}, {}, {}, {"kind": "policy"}, {"kind": "service"}, {"kind": "platform"}, {"chain": "ic"},
           {"chain": "iov"})


def build_catalogue(resources: int, seed: int = 17) -> int:
    """``resources`` resources of the 21 units (added until there are that many)."""
    from django.db import transaction

    from liandong.accounts.models import Organization
    from liandong.alliance.models import Resource
    from liandong.chains.models import Chain
    from liandong.core.db import refresh_planner_statistics

    have = Resource.objects.count()
    if have >= resources:
        return 0
    rng = random.Random(seed)
    units = [Organization.objects.get_or_create(name=name, defaults={"kind": Organization.Kind.DEPARTMENT})[0]
             for name in UNITS]
    chains = list(Chain.objects.values_list("id", flat=True))
    kinds = ("policy", "project", "platform", "service")
    rows = []
    for i in range(resources - have):
        title, keywords, summary = rng.choice(TOPICS)
        extra_title, extra_kw, extra_summary = rng.choice(TOPICS)
        rows.append(Resource(
            unit=rng.choice(units), kind=rng.choice(kinds),
            title=f"{rng.choice(PREFIXES)}{title}{rng.choice(SUFFIXES)}"[:200],
            keywords=f"{keywords} {extra_kw if rng.random() < 0.3 else ''}".strip(),
            summary=f"{summary}。{extra_summary if rng.random() < 0.4 else ''}单户最高{rng.randint(5, 500)}万元。编号{i}。",
            conditions="、".join(c for c in rng.sample(CONDITIONS, 2) if c),
            contact=f"联系人{i % 97} 022-2739{i % 10000:04d}", link=f"https://example.gov.cn/r/{i}"))
    with transaction.atomic():
        created = Resource.objects.bulk_create(rows, batch_size=2000)
        through = Resource.chains.through
        links = [through(resource_id=r.pk, chain_id=c) for r in created if chains and rng.random() < 0.33
                 for c in rng.sample(chains, min(len(chains), rng.choice((1, 2))))]
        through.objects.bulk_create(links, batch_size=5000)
    refresh_planner_statistics()
    return len(created)


def bench_catalogue(*, resources: int = 10_000, queries: int = 200, seed: int = 17) -> dict:
    from liandong.accounts.scoping import SYSTEM
    from liandong.alliance import catalogue

    t0 = time.perf_counter()
    added = build_catalogue(resources, seed)
    setup_seconds = round(time.perf_counter() - t0, 1)
    t0 = time.perf_counter()
    catalogue.analyzer()
    analyzer_seconds = round(time.perf_counter() - t0, 2)
    builds = []
    for _ in range(3):
        t0 = time.perf_counter()
        built = catalogue.build_index()
        builds.append(time.perf_counter() - t0)
    catalogue.index()  # the process's index, as the first request after a change builds it
    rng = random.Random(seed)
    times, hits = [], 0
    for i in range(queries):
        q = QUERIES[i % len(QUERIES)]
        filters = rng.choice(FILTERS)
        t0 = time.perf_counter()
        found = catalogue.search(actor=SYSTEM, q=q, top=20, **filters)
        times.append((time.perf_counter() - t0) * 1000)
        hits += bool(found)
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    return {"resources": len(built), "added": added, "setup_seconds": setup_seconds,
            "analyzer_seconds": analyzer_seconds, "index_seconds": round(min(builds), 2), "queries": queries,
            "p50_ms": round(statistics.median(times), 2), "p95_ms": round(p95, 2), "max_ms": round(times[-1], 2),
            "with_hits": round(hits / queries, 3), "p95_target_ms": CATALOGUE_P95_LIMIT_MS,
            "ok": p95 <= CATALOGUE_P95_LIMIT_MS}
