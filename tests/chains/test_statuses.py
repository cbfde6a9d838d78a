"""A chain node's status names, labels and colours live in chains/statuses.py only (issue #14 item 7)."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation

from liandong.chains import statuses
from liandong.engines.graph.rules import STATUSES

SRC = Path(statuses.__file__).resolve().parents[1]
HOME = {SRC / "chains" / "statuses.py", *(SRC / "engines" / "graph").glob("*.py")}
"""The module itself, and the gap analysis that defines the statuses."""


def test_every_status_of_the_analysis_has_a_chinese_label_and_a_colour():
    assert set(statuses.ORDER) == set(STATUSES) and statuses.ORDER[0] == "strong"
    with translation.override("zh-hans"):
        assert statuses.labels() == {"strong": "强", "normal": "一般", "weak": "弱", "single_point": "单点",
                                     "missing": "缺失"}
    assert all(re.fullmatch(r"#[0-9a-f]{6}", statuses.COLORS[s]) for s in STATUSES)


def test_no_other_module_spells_a_status_label_or_colour():
    """A mapping keyed by a status name ("single_point": "单点", weak: "#f9a825" …) or a CSS rule for one
    anywhere else in the source (Python, templates, JavaScript, CSS) is a second copy. ("single_point"
    is the chain statuses' own word; the other four are checked where a colour or label follows.)"""
    keyed = re.compile(r"""["']?single_point["']?\s*:|["'](?:strong|normal|weak|missing)["']\s*:\s*(?:["']#|_\()"""
                       r"""|\.(?:status-)?single_point\b""")
    found = []
    for path in SRC.rglob("*"):
        if path.suffix not in {".py", ".html", ".js", ".css"} or path in HOME or "vendor" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if keyed.search(text):
            found.append(str(path.relative_to(SRC)))
    assert found == []
