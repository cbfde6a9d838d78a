"""The resource catalogue (资源目录, issue #17): search in jargon, filters, who writes what, the index
following edits, the API. The resources are written by hand, the way member departments describe
them — never generated from the synonym tables."""

from __future__ import annotations

import pytest

from liandong.alliance import catalogue
from liandong.alliance.models import Resource
from liandong.alliance.services_catalogue import resource_create, resource_set_active, resource_update
from liandong.chains.models import Chain
from liandong.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from tests.factories import (
    make_admin,
    make_analyst,
    make_chain_officer,
    make_department,
    make_department_user,
    make_enterprise_user,
)

CATALOGUE = [
    # (unit, kind, title, summary, conditions, keywords, contact, link, chains)
    ("区金融工作局", "policy", "中小微企业贷款利息补贴", "对企业使用银行流动资金贷款产生的利息，按实际支付利息的50%给予补贴，单户最高50万元。",
     "在本区注册纳税、上年度无不良信用记录", "贴息 流动资金", "王科长 022-27390001", "https://example.gov.cn/jrj/tiexi", ""),
    ("区金融工作局", "service", "政策性融资担保", "区融资担保公司为轻资产科技型企业提供担保增信，担保费率不高于1%。",
     "年营业收入2亿元以下", "担保 增信 轻资产", "李经理 022-27390002", "", ""),
    ("区金融工作局", "service", "知识产权质押融资对接", "组织银行为持有发明专利的企业办理专利质押贷款。", "拥有有效发明专利",
     "专利 质押", "赵老师 022-27390003", "", ""),
    ("区工业和信息化局", "service", "专精特新小巨人梯度培育与申报指导", "一对一指导企业准备专精特新中小企业、国家级小巨人申报材料。",
     "创新型中小企业", "梯度培育", "刘处长 022-27390010", "https://example.gov.cn/gxj/zjtx", ""),
    ("区工业和信息化局", "policy", "首台（套）重大技术装备保险补偿", "对企业研制的首台套装备投保费用给予补偿。", "列入市级首台（套）目录",
     "装备 保险", "陈科长 022-27390011", "", "ic"),
    ("区工业和信息化局", "policy", "技改项目设备购置奖补", "对智能化技术改造项目按设备投资额的10%给予奖补。", "设备投资500万元以上",
     "智能化改造", "陈科长 022-27390011", "", ""),
    ("区税务局", "service", "研发费用税前加计扣除政策辅导", "税务干部上门讲解研发费用归集口径，帮助企业享受加计扣除优惠。", "",
     "研发费用 归集", "税务服务热线 12366", "", ""),
    ("区科学技术局", "service", "国家高新技术企业认定辅导", "组织高企认定政策宣讲和材料预审。", "注册满一年", "高企 预审",
     "孙老师 022-27390020", "", ""),
    ("集成电路公共服务平台", "platform", "MPW多项目晶圆服务及费用补助", "为芯片设计企业组织MPW拼片，费用按50%给予补助。",
     "设计企业", "集成电路 芯片设计", "周工 022-27390030", "https://example.cn/mpw", "ic"),
    ("区人力资源和社会保障局", "service", "重点企业招聘专场", "每季度为链上企业举办招聘专场。", "", "招聘 用工",
     "吴科长 022-27390040", "", ""),
    ("区商务局", "policy", "境外展会参展补贴", "对企业参加境外展会的展位费给予补贴。", "", "展会 出口", "郑科长 022-27390050", "", ""),
]


def build_catalogue() -> dict[str, Resource]:
    """The hand-written catalogue, by title; units are departments created by name."""
    admin = make_admin()
    out = {}
    for unit, kind, title, summary, conditions, keywords, contact, link, chains in CATALOGUE:
        org = make_unit(unit)
        out[title] = resource_create(actor=admin, unit=org.pk, kind=kind, title=title, summary=summary,
                                     conditions=conditions, keywords=keywords, contact=contact, link=link,
                                     chains=[chains] if chains else [])
    return out


def make_unit(name: str):
    from liandong.accounts.models import Organization

    return Organization.objects.filter(name=name).first() or make_department(name)


def titles(results) -> list[str]:
    return [r.resource.title for r in results]


JARGON = [
    # (what an official or an enterprise types, the resource it must find first)
    ("专精特新申报辅导", "专精特新小巨人梯度培育与申报指导"),
    ("小巨人申报", "专精特新小巨人梯度培育与申报指导"),
    ("贷款贴息", "中小微企业贷款利息补贴"),
    ("财政贴息", "中小微企业贷款利息补贴"),
    ("研发费用加计扣除", "研发费用税前加计扣除政策辅导"),
    ("研发加计", "研发费用税前加计扣除政策辅导"),
    ("流片补贴", "MPW多项目晶圆服务及费用补助"),
    ("首台套", "首台（套）重大技术装备保险补偿"),
    ("首台(套)保险", "首台（套）重大技术装备保险补偿"),
    ("技改补贴", "技改项目设备购置奖补"),
    ("高企认定", "国家高新技术企业认定辅导"),
    ("专利质押贷款", "知识产权质押融资对接"),
    ("担保费", "政策性融资担保"),
    ("招工难", "重点企业招聘专场"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "expected"), JARGON)
def test_search_in_jargon_finds_the_resource_first(query, expected):
    build_catalogue()
    results = catalogue.search(actor=make_enterprise_user(), q=query)
    assert results and results[0].resource.title == expected, (query, titles(results))
    assert results[0].reason.startswith("匹配：")


@pytest.mark.django_db
def test_a_result_carries_its_unit_contact_conditions_link_and_reason():
    build_catalogue()
    first = catalogue.search(actor=make_analyst(), q="贷款贴息")[0]
    assert first.resource.unit.name == "区金融工作局"
    assert first.resource.contact == "王科长 022-27390001" and first.resource.link.startswith("https://")
    assert "无不良信用记录" in first.resource.conditions
    assert "贷款" in first.words and any(w.startswith("贴息") for w in first.words)
    synonym = catalogue.search(actor=make_analyst(), q="研发加计")[0]
    assert synonym.reason == "匹配：研发加计（研发费用税前加计扣除）"


@pytest.mark.django_db
def test_filters_by_kind_unit_and_chain():
    built = build_catalogue()
    reader = make_enterprise_user()
    assert set(titles(catalogue.search(actor=reader, q="补贴", kind="platform"))) == {"MPW多项目晶圆服务及费用补助"}
    finance = make_unit("区金融工作局").pk
    assert {r.resource.unit_id for r in catalogue.search(actor=reader, q="融资 贷款 补贴", unit=finance)} == {finance}
    on_ic = set(titles(catalogue.search(actor=reader, q="补贴 补偿", chain="ic")))
    assert on_ic == {"MPW多项目晶圆服务及费用补助", "首台（套）重大技术装备保险补偿"}
    assert set(titles(catalogue.search(actor=reader, chain="集成电路"))) == on_ic
    assert catalogue.search(actor=reader, q="补贴", chain="no-such-chain") == []
    everything = catalogue.search(actor=reader)
    assert len(everything) == len(built) and all(r.score is None for r in everything)


@pytest.mark.django_db
def test_the_index_follows_edits_withdrawals_and_new_resources():
    built = build_catalogue()
    admin = make_admin()
    reader = make_enterprise_user()
    assert titles(catalogue.search(actor=reader, q="贷款贴息"))[0] == "中小微企业贷款利息补贴"
    resource_set_active(actor=admin, resource_id=built["中小微企业贷款利息补贴"].pk, active=False)
    assert "中小微企业贷款利息补贴" not in titles(catalogue.search(actor=reader, q="贷款贴息"))
    assert catalogue.search(actor=reader, q="氢能加氢站") == []
    resource_create(actor=admin, unit=make_unit("区发展和改革委员会").pk, kind="project", title="加氢站建设项目申报",
                    summary="支持企业建设氢能加氢站")
    assert titles(catalogue.search(actor=reader, q="氢能加氢站")) == ["加氢站建设项目申报"]
    resource_update(actor=admin, resource_id=built["境外展会参展补贴"].pk, chains=["ic"])
    assert "境外展会参展补贴" in titles(catalogue.search(actor=reader, q="展会", chain="ic"))


@pytest.mark.django_db
def test_who_writes():
    built = build_catalogue()
    finance = make_unit("区金融工作局")
    staff = make_department_user(finance)
    own = built["政策性融资担保"]
    resource_update(actor=staff, resource_id=own.pk, contact="李经理 13800000000")
    assert Resource.objects.get(pk=own.pk).contact == "李经理 13800000000"
    created = resource_create(actor=staff, kind="service", title="上市培育辅导")
    assert created.unit == finance  # a department adds for its own organisation
    other = built["境外展会参展补贴"]
    with pytest.raises(PermissionDeniedError):
        resource_update(actor=staff, resource_id=other.pk, title="改名")
    with pytest.raises(PermissionDeniedError):
        resource_create(actor=staff, unit=other.unit_id, title="替别人加")
    with pytest.raises(PermissionDeniedError):
        resource_update(actor=staff, resource_id=own.pk, unit=other.unit_id)
    for reader in (make_enterprise_user(), make_analyst()):
        with pytest.raises(PermissionDeniedError):
            resource_create(actor=reader, unit=finance.pk, title="企业不能写")
        with pytest.raises(PermissionDeniedError):
            resource_update(actor=reader, resource_id=own.pk, title="企业不能写")
    officer = make_chain_officer(chains=("ic",))
    resource_update(actor=officer, resource_id=other.pk, keywords="展会 出口 参展")
    with pytest.raises(ApplicationError) as refused:
        resource_create(actor=make_admin(), unit=finance.pk, title="", kind="service")
    assert refused.value.extra == {"field": "title"}
    with pytest.raises(ApplicationError) as refused:
        resource_create(actor=make_admin(), unit=finance.pk, title="x", link="javascript:alert(1)")
    assert refused.value.extra == {"field": "link"}


@pytest.mark.django_db
def test_a_withdrawn_resource_is_hidden_from_readers_but_not_from_its_unit():
    built = build_catalogue()
    item = built["政策性融资担保"]
    resource_set_active(actor=make_admin(), resource_id=item.pk, active=False)
    with pytest.raises(NotFoundError):
        catalogue.resource_get(actor=make_enterprise_user(), resource_id=item.pk)
    with pytest.raises(NotFoundError):
        catalogue.resource_get(actor=make_department_user(), resource_id=item.pk)
    staff = make_department_user(make_unit("区金融工作局"))
    assert catalogue.resource_get(actor=staff, resource_id=item.pk) == item
    resource_set_active(actor=staff, resource_id=item.pk, active=True)
    assert catalogue.resource_get(actor=make_enterprise_user(), resource_id=item.pk).active


@pytest.mark.django_db
def test_changes_are_audited():
    from auditlog.models import LogEntry

    admin = make_admin()
    created = resource_create(actor=admin, unit=make_department("区统计局").pk, title="统计入库指导")
    entry = LogEntry.objects.get_for_object(created).get()
    assert entry.actor == admin


# --- the API ---------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_api_search_detail_create_and_patch(api_client_for):
    built = build_catalogue()
    reader = api_client_for(make_enterprise_user())
    body = reader.get("/api/v1/alliance/resources", {"q": "贷款贴息"}).json()
    first = body["items"][0]
    assert first["title"] == "中小微企业贷款利息补贴" and first["unit"]["name"] == "区金融工作局"
    assert first["reason"].startswith("匹配：") and first["contact"] and first["link"] and first["conditions"]
    ic = reader.get("/api/v1/alliance/resources", {"q": "补贴", "chain": "ic", "kind": "platform"}).json()
    assert [i["title"] for i in ic["items"]] == ["MPW多项目晶圆服务及费用补助"] and ic["items"][0]["chains"] == ["ic"]
    item = built["政策性融资担保"]
    assert reader.get(f"/api/v1/alliance/resources/{item.pk}").json()["title"] == "政策性融资担保"
    refused = reader.post("/api/v1/alliance/resources", {"title": "企业写"}, content_type="application/json")
    assert refused.status_code == 403
    assert reader.patch(f"/api/v1/alliance/resources/{item.pk}", {"title": "x"},
                        content_type="application/json").status_code == 403

    finance = make_unit("区金融工作局")
    staff = api_client_for(make_department_user(finance))
    created = staff.post("/api/v1/alliance/resources", {"title": "应急转贷资金", "kind": "service",
                                                        "summary": "为到期贷款提供过桥资金", "chains": ["ic"]},
                         content_type="application/json")
    assert created.status_code == 201 and created.json()["unit"]["name"] == "区金融工作局"
    assert staff.patch(f"/api/v1/alliance/resources/{built['境外展会参展补贴'].pk}", {"title": "x"},
                       content_type="application/json").status_code == 403
    patched = staff.patch(f"/api/v1/alliance/resources/{item.pk}", {"active": False}, content_type="application/json")
    assert patched.status_code == 200 and patched.json()["active"] is False
    assert reader.get(f"/api/v1/alliance/resources/{item.pk}").status_code == 404
    assert "应急转贷资金" in [i["title"] for i in reader.get("/api/v1/alliance/resources", {"q": "续贷 过桥"}).json()["items"]]
    bad = api_client_for(make_admin()).post("/api/v1/alliance/resources", {"title": "x", "unit": finance.pk,
                                                                           "chains": ["nope"]},
                                            content_type="application/json")
    assert bad.status_code == 400
    assert api_client_for(None).get("/api/v1/alliance/resources").status_code == 401
    assert Chain.objects.filter(code="ic").exists()
