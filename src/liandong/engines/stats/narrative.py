"""The report paragraph in the statistics bureau's style (统计分析用语): 同比增长/下降, 高于/低于
规模工业 N 个百分点, 拉动/下拉, 占比, 两位数增长, 增速由负转正, 降幅收窄, 增长面.

Every figure is printed half-up to one decimal (``rounding``); ordering (which chain is higher) uses
the unrounded values, but every word about a figure follows the figure as printed (issue #13 item 8):
a growth printing 0.0% is 持平, neither a rise nor a decline, 由负转正 and 降幅收窄 compare the printed
figures, so the paragraph never contradicts its own numbers.
"""

from __future__ import annotations

from .periods import parse_period, period_label
from .report import WAN, GroupFigures, StatsReport
from .rounding import fmt1, round_half_up

CHINESE_COUNTS = "零一二三四五六七八九十"
YI = 1e8


def count_word(n: int) -> str:
    """两条, 五条, 十条; beyond ten in digits."""
    if n == 2:
        return "两"
    return CHINESE_COUNTS[n] if 0 <= n <= 10 else str(n)


def amount_text(yuan: float) -> str:
    """亿元 from one hundred million up, otherwise 万元."""
    return f"{fmt1(yuan / YI)}亿元" if abs(yuan) >= YI else f"{fmt1(yuan / WAN)}万元"


def growth_text(growth: float | None) -> str:
    if growth is None:
        return "上年同期无可比数据"
    rounded = round_half_up(growth)
    if rounded == 0:
        return "同比持平"
    return f"同比增长{fmt1(growth)}%" if rounded > 0 else f"同比下降{fmt1(abs(growth))}%"


def diff_text(diff: float | None, total_label: str) -> str:
    if diff is None:
        return ""
    rounded = round_half_up(diff)
    if rounded == 0:
        return f"与{total_label}持平"
    return f"{'高于' if rounded > 0 else '低于'}{total_label}{fmt1(abs(diff))}个百分点"


def pull_text(pull: float | None, what: str) -> str:
    if pull is None:
        return ""
    if round_half_up(pull) >= 0:
        return f"拉动{what}增长{fmt1(pull)}个百分点"
    return f"下拉{what}{fmt1(abs(pull))}个百分点"


def _join(parts: list[str], sep: str = "，") -> str:
    return sep.join(p for p in parts if p)


def _names(groups: list[GroupFigures]) -> str:
    return "、".join(g.name for g in groups)


def _previous_label(report: StatsReport, previous: StatsReport) -> str:
    label = period_label(previous.period, previous.ytd)
    return f"上年{label}" if parse_period(previous.period)[0] != parse_period(report.period)[0] else label


def chain_clauses(report: StatsReport, previous: StatsReport | None, kind: str = "chain") -> list[str]:
    """其中… : two-digit growth, turned positive, narrowing declines, other declines, other growth and
    flat (持平), each chain classified by its printed (rounded) growth and its printed growth before."""
    before = {g.code: g for g in previous.of_kind(kind)} if previous else {}
    chains = sorted((g for g in report.of_kind(kind) if g.growth_pct is not None and g.enterprises),
                    key=lambda g: -g.growth_pct)
    two_digit, turned, narrowed, declined, grew, flat = [], [], [], [], [], []
    for g in chains:
        prior = before.get(g.code)
        now = round_half_up(g.growth_pct)
        then = round_half_up(prior.growth_pct) if prior else None
        if now >= 10:
            two_digit.append(g)
        elif now > 0 and then is not None and then < 0:
            turned.append(g)
        elif now < 0 and then is not None and then < now:
            narrowed.append((g, now - then))
        elif now < 0:
            declined.append(g)
        elif now > 0:
            grew.append(g)
        else:
            flat.append(g)
    clauses = []
    if two_digit:
        clauses.append(f"{_names(two_digit)}产业链实现两位数增长")
    if turned:
        clauses.append(f"{_names(turned)}产业链增速由负转正")
    if grew:
        if len(grew) == 1:
            clauses.append(f"{grew[0].name}产业链增长{fmt1(grew[0].growth_pct)}%")
        else:
            rates = "、".join(f"{fmt1(g.growth_pct)}%" for g in grew)
            clauses.append(f"{_names(grew)}产业链分别增长{rates}")
    if flat:
        clauses.append(f"{_names(flat)}产业链与上年同期持平")
    for g, narrowing in narrowed:
        clauses.append(f"{g.name}产业链{growth_text(g.growth_pct)}，降幅比{_previous_label(report, previous)}"
                       f"收窄{fmt1(narrowing)}个百分点")
    for g in declined:
        clauses.append(f"{g.name}产业链{growth_text(g.growth_pct)}")
    return clauses


def narrative(report: StatsReport, previous: StatsReport | None = None, *, district: str = "全区") -> str:
    """The paragraph for the key chains of ``report``; ``previous`` (the report of the period before)
    enables 由负转正 and 降幅收窄."""
    year, _ = parse_period(report.period)
    when = f"{year}年{period_label(report.period, report.ytd)}"
    spec = report.indicator
    key, total = report.key_chains, report.total
    n_chains = len(report.of_kind("chain"))
    subject = f"{count_word(n_chains)}条重点产业链" if n_chains else "重点产业链"
    if not total.enterprises:
        return f"{when}，暂无规上工业企业{spec.label}数据。"
    if spec.key == "value_added":
        head = _join([
            f"{when}，{subject}{spec.label}{growth_text(key.growth_pct)}",
            diff_text(key.diff_pp, "规模工业"),
            pull_text(key.pull_pp, f"{district}规模工业{spec.label}"),
            f"占{district}规模工业比重为{fmt1(key.share_pct)}%",
        ])
        clauses = chain_clauses(report, previous)
    else:
        head = _join([
            f"{when}，{subject}规上企业{key.enterprises}家",
            f"实现{spec.label}{amount_text(key.value)}",
            growth_text(key.growth_pct),
            f"占{district}规上工业{spec.label}比重为{fmt1(key.share_pct)}%",
        ])
        clauses = [_join([f"{g.name}产业链规上企业{g.enterprises}家", f"{spec.label}{amount_text(g.value)}",
                          growth_text(g.growth_pct), f"占比{fmt1(g.share_pct)}%"])
                   for g in sorted(report.of_kind("chain"), key=lambda g: -g.value) if g.enterprises]
    text = head + "。"
    if clauses:
        text += "其中，" + "；".join(clauses) + "。"
    if key.growing_pct is not None:
        text += f"重点产业链规上企业增长面为{fmt1(key.growing_pct)}%。"
    return text
