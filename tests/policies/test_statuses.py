"""A policy screening's status names, labels and colours live in policies/statuses.py only (issue #14
item 7); the badges' CSS classes are checked against it, and the command line still prints the same
bytes."""

from __future__ import annotations

import re
from pathlib import Path

from django.core.management import call_command
from django.template import Context, Template
from django.utils import translation

from liandong.engines.eligibility import STATUSES
from liandong.policies import statuses

from .conftest import AS_OF

SRC = Path(statuses.__file__).resolve().parents[1]
HOME = SRC / "policies" / "statuses.py"
CSS = SRC / "core" / "static" / "liandong" / "app.css"
ZH = {"met": "符合", "near": "接近", "not_met": "不符合", "needs_data": "需补充数据"}
OTHER_USES = {SRC / "engines" / "matching" / "text.py", SRC / "alliance" / "demo_catalogue.py"}
"""Files where a status word means something else: the matcher's stop words (要求符合国标), the demo
catalogue's conditions (符合条件的企业)."""


def _sources(*suffixes: str):
    for path in sorted(SRC.rglob("*")):
        if path.suffix in suffixes and path != HOME and "vendor" not in path.parts:
            yield path, path.read_text(encoding="utf-8")


def test_every_status_of_the_screening_has_a_chinese_label_and_a_colour():
    assert statuses.ORDER == STATUSES
    with translation.override("zh-hans"):
        assert statuses.labels() == ZH and list(statuses.labels()) == list(STATUSES)
        assert statuses.label("elsewhere") == "elsewhere"
    assert all(re.fullmatch(r"#[0-9a-f]{6}", statuses.COLORS[s]) for s in STATUSES)


def test_the_template_filter_reads_the_labels():
    template = Template("{% load policies_tags %}{% for s in all %}{{ s|policy_status_label }},{% endfor %}")
    with translation.override("zh-hans"):
        out = template.render(Context({"all": [*STATUSES, "foo"]}))
    assert out == ",".join(ZH[s] for s in STATUSES) + ",不符合,"  # an unknown word reads as the badge always did


def test_app_css_styles_every_status_badge_and_no_other():
    classes = set(re.findall(r"\.st-([A-Za-z0-9_-]+)", CSS.read_text(encoding="utf-8")))
    assert classes == set(STATUSES)


def test_no_other_module_spells_a_status_label_or_colour():
    """A mapping keyed by a status name ("near": "#f9a825", "met": _("met") …), a status word in Chinese,
    a translation of one of the four msgids, or a status's chart colour in the policies app, a template or a
    script is a second copy."""
    keyed = re.compile(r"""["'](?:met|near|not_met|needs_data)["']\s*:\s*(?:["']#|_\(|gettext|["'][\u3400-\u9fff])""")
    msgid = re.compile(r"""(?:\{%\s*(?:translate|trans)\s+|_\(\s*|gettext(?:_lazy)?\(\s*)["'](?:met|near|not met|needs data)["']""")
    words = re.compile("|".join(sorted(ZH.values(), key=len, reverse=True)))
    colours = re.compile("|".join(re.escape(c) for c in statuses.COLORS.values()), re.IGNORECASE)
    found = []
    for path, text in _sources(".py", ".html", ".js", ".css"):
        where = str(path.relative_to(SRC))
        if keyed.search(text) or msgid.search(text):
            found.append(f"{where}: a status's label or colour")
        if path not in OTHER_USES and words.search(text):
            found.append(f"{where}: {words.search(text).group()}")
        if (path.suffix in {".html", ".js"} or "policies" in path.relative_to(SRC).parts) and colours.search(text):
            found.append(f"{where}: {colours.search(text).group()}")
    assert found == []


def test_the_command_line_summary_is_unchanged(district, capsys):
    call_command("policies", "screen", "--as-of", AS_OF.isoformat(), "--policy", "innovative-sme-2022",
                 "--policy", "xq-rd-subsidy-2025")
    assert capsys.readouterr().out == (
        "筛查日期：2026-06-30\n"
        "创新型中小企业（innovative-sme-2022 2022版）：符合2 接近0 不符合0 需补充数据1\n"
        "重点产业链企业研发投入后补助（示例）（xq-rd-subsidy-2025 2025版）：符合1 接近1 不符合1 需补充数据0\n")


def test_the_command_line_diff_names_each_status_in_chinese(db, capsys, monkeypatch):
    from liandong.policies.management.commands import policies as command

    rows = [{"name": f"企业{a}", "from": a, "to": b} for a, b in zip(STATUSES, STATUSES[1:] + STATUSES[:1], strict=True)]
    monkeypatch.setattr(command, "version_diff", lambda **kw: rows)
    call_command("policies", "diff", "--policy", "x", "--from", "1", "--to", "2")
    assert capsys.readouterr().out == ("x 1 → 2：4家企业状态变化\n"
                                       "  企业met：符合 → 接近\n"
                                       "  企业near：接近 → 不符合\n"
                                       "  企业not_met：不符合 → 需补充数据\n"
                                       "  企业needs_data：需补充数据 → 符合\n")
