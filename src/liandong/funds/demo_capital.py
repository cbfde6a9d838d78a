"""The demo district's guide fund and financing market (``liandong demo``; registered in apps.py after
the funds step): the 2亿 government guide fund (one-off) with three sub-funds and their investments in
demo enterprises, financing products of the district's bank and of the sub-funds' managers, financing
needs of demo enterprises, and introductions — one of them the signed 6亿 financing of a
bio-medicine project (the source: "推动总投资6亿元的……项目顺利落地"). Seeded."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from liandong.accounts.models import Organization
from liandong.chains.models import Chain, EnterprisePosition
from liandong.core.demo import DemoContext
from liandong.funds.models import (
    EnterpriseStage,
    FinancingKind,
    FinancingMatch,
    FinancingNeed,
    FinancingProduct,
    FundInvestment,
    Program,
    ProgramYear,
    SubFund,
)

WAN = Decimal(10000)
GUIDE = ("XQ-YD", "西青区政府引导基金")
SUB_FUNDS = (("西青天使投资子基金", "西青科创投资管理有限公司", 5000, 3000),
             ("西青成长投资子基金", "西青产业投资管理有限公司", 8000, 5000),
             ("西青产业并购子基金", "西青产业投资管理有限公司", 7000, 2000))
ROUNDS = ("天使轮", "A轮", "A+轮", "B轮", "上市前轮")
STAGE_BY_ROUND = {"天使轮": EnterpriseStage.values[0], "A轮": EnterpriseStage.values[0],
                  "A+轮": EnterpriseStage.values[1], "B轮": EnterpriseStage.values[1],
                  "上市前轮": EnterpriseStage.values[-1]}
BIG_DEAL_WAN = 60_000  # 6亿


def build(context: DemoContext) -> int:
    rng = context.rng("funds-capital")
    year = context.today.year
    office = Organization.objects.filter(kind=Organization.Kind.DEPARTMENT).order_by("id").first()
    guide = Program.objects.create(code=GUIDE[0], name=GUIDE[1], kind=Program.Kind.GUIDE, department=office)
    ProgramYear.objects.create(program=guide, year=year - 2, budget=Decimal(20_000) * WAN)
    managers = {name: Organization.objects.get_or_create(name=name, defaults={"kind": Organization.Kind.FINANCIAL})[0]
                for _f, name, _c, _p in SUB_FUNDS}
    funds = [SubFund.objects.create(program=guide, name=name, manager=managers[manager],
                                    committed=Decimal(committed) * WAN, paid_in=Decimal(paid) * WAN)
             for name, manager, committed, paid in SUB_FUNDS]
    local = list(EnterprisePosition.objects.filter(enterprise__uscc__startswith="91120111")
                 .values_list("enterprise_id", flat=True).distinct().order_by("enterprise_id")[:400])
    chosen = rng.sample(local, min(18, len(local)))
    investments = []
    for i, enterprise_id in enumerate(chosen):
        fund = funds[i % len(funds)]
        round_ = rng.choice(ROUNDS)
        investments.append(FundInvestment(sub_fund=fund, enterprise_id=enterprise_id, round=round_,
                                          amount=Decimal(rng.choice((300, 500, 800, 1000, 1500, 2000))) * WAN,
                                          date=dt.date(year - 1, 1, 1) + dt.timedelta(days=rng.randint(0, 600)),
                                          stage=STAGE_BY_ROUND[round_]))
    FundInvestment.objects.bulk_create(investments)

    bank = Organization.objects.filter(kind=Organization.Kind.FINANCIAL).exclude(
        name__in=list(managers)).order_by("id").first() or managers[SUB_FUNDS[0][1]]
    chains = {c.code: c for c in Chain.objects.all()}
    specs = ((bank, "科技型企业信用贷", FinancingKind.DEBT, 50, 1000, [], False, []),
             (bank, "设备更新抵押贷款", FinancingKind.DEBT, 200, 5000, [], True, ["equip", "auto"]),
             (managers[SUB_FUNDS[0][1]], "天使子基金股权投资", FinancingKind.EQUITY, 300, 2000,
              [EnterpriseStage.values[0]], False, ["ic", "bio"]),
             (managers[SUB_FUNDS[2][1]], "产业项目并购与股权融资", FinancingKind.EQUITY, 10_000, 100_000, [], False,
              ["bio", "auto", "equip"]))
    products = []
    for institution, name, kind, low, high, stages, collateral, codes in specs:
        product = FinancingProduct.objects.create(institution=institution, name=name, kind=kind,
                                                  min_amount=Decimal(low) * WAN, max_amount=Decimal(high) * WAN,
                                                  stages=stages, collateral_required=collateral)
        product.chains.set([chains[c] for c in codes if c in chains])
        products.append(product)
    bio = list(EnterprisePosition.objects.filter(chain__code="bio", enterprise__uscc__startswith="91120111")
               .values_list("enterprise_id", flat=True).distinct().order_by("enterprise_id")[:50])
    needs = []
    for k, enterprise_id in enumerate(rng.sample(local, min(8, len(local)))):
        needs.append(FinancingNeed.objects.create(
            enterprise_id=enterprise_id, amount=Decimal(rng.choice((100, 300, 500, 800))) * WAN,
            purpose=rng.choice(("补充流动资金", "购置生产设备", "研发投入", "扩建厂房")), stage=EnterpriseStage.values[k % 3],
            collateral=k % 2 == 0, kind=FinancingKind.DEBT))
    big = None
    if bio:
        big = FinancingNeed.objects.create(enterprise_id=rng.choice(bio), amount=Decimal(BIG_DEAL_WAN) * WAN,
                                           purpose="生物药产业化基地建设（项目总投资6亿元）", stage=EnterpriseStage.values[1],
                                           collateral=True, kind=FinancingKind.EQUITY,
                                           status=FinancingNeed.Status.CLOSED)
        moment = timezone.make_aware(dt.datetime.combine(context.today - dt.timedelta(days=45), dt.time(10)))
        FinancingMatch.objects.create(need=big, product=products[-1], status=FinancingMatch.Status.SIGNED,
                                      amount=Decimal(BIG_DEAL_WAN) * WAN, reasons=["金额在产品额度范围内", "同属生物医药产业链"],
                                      introduced_at=moment - dt.timedelta(days=60), signed_at=moment)
    if needs:
        FinancingMatch.objects.create(need=needs[0], product=products[0], status=FinancingMatch.Status.INTRODUCED,
                                      reasons=["金额在产品额度范围内"], introduced_at=timezone.now())
    return len(funds) + len(investments) + len(products) + len(needs) + (1 if big else 0)


def reset() -> int:
    """Remove the demo's guide fund and financing market (before the funds step's programs go)."""
    n = FinancingMatch.objects.all().delete()[0] + FinancingNeed.objects.all().delete()[0]
    n += FinancingProduct.objects.all().delete()[0] + FundInvestment.objects.all().delete()[0]
    return n + SubFund.objects.all().delete()[0]
