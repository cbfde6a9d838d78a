"""Demo steps declared by apps (``LiandongApp.demo_steps``): ``build_demo`` runs each once, after the
base district, in ``order``, with the context every step gets (``core.demo.DemoContext``)."""

from __future__ import annotations

import random

import pytest
from django.apps import apps

from liandong.core.demo import DemoContext
from liandong.core.registry import DemoStep
from liandong.demo.generator import BASE_STEPS, DEMO_TODAY, build_demo

SEED = 11
SCALE = 20
CALLS: list[dict] = []


def _step(key: str, context: DemoContext) -> int:
    from liandong.core.bulk import insert_rows
    from liandong.enterprises.models import Enterprise, Park

    rng = context.rng(key)
    parks = rng.randint(1, 4)
    CALLS.append({"key": key, "counts": dict(context.counts), "draw": rng.random(),
                  "enterprises": Enterprise.objects.filter(id__in=context.enterprise_ids).count(),
                  "planned": len(context.plan.enterprises)})
    return insert_rows(Park, ("name", "short_name", "description", "order"),
                       ((f"{key}园区{i}", "", "", 900 + i) for i in range(parks)))


def later_step(context: DemoContext) -> int:
    return _step("later_step", context)


def earlier_step(context: DemoContext) -> int:
    return _step("earlier_step", context)


@pytest.mark.django_db
def test_app_demo_steps_run_once_after_the_base_district_in_order(monkeypatch):
    from liandong.enterprises.models import Park

    # registered on two installed apps, the later one on the app that comes first in INSTALLED_APPS;
    # ordered after every step the apps register themselves (investment: 100)
    monkeypatch.setattr(apps.get_app_config("enterprises"), "demo_steps", (
        DemoStep("later_step", "测试步骤乙", "tests.demo.test_app_steps:later_step", 2020),))
    monkeypatch.setattr(apps.get_app_config("stats"), "demo_steps", (
        DemoStep("earlier_step", "测试步骤甲", "tests.demo.test_app_steps:earlier_step", 2010),))
    CALLS.clear()
    lines: list[str] = []

    counts = build_demo(scale=SCALE, seed=SEED, today=DEMO_TODAY, progress=lines.append)

    assert [c["key"] for c in CALLS] == ["earlier_step", "later_step"]  # once each, by order
    base = {step.key for step in BASE_STEPS}
    for call in CALLS:
        assert base <= set(call["counts"])  # the whole base district was written before
        assert call["enterprises"] == call["planned"] == SCALE
    assert "later_step" not in CALLS[0]["counts"] and "earlier_step" in CALLS[1]["counts"]
    for call in CALLS:  # the step's own stream: seed and key, nothing else
        rng = random.Random(f"{SEED}:{call['key']}")
        parks = rng.randint(1, 4)
        assert call["draw"] == rng.random()
        assert counts[call["key"]] == parks == Park.objects.filter(name__startswith=f"{call['key']}园区").count()
    assert list(counts)[-2:] == ["earlier_step", "later_step"]
    assert lines[-2].startswith(f"  测试步骤甲：{counts['earlier_step']} 条，")
    assert lines[-1].startswith(f"  测试步骤乙：{counts['later_step']} 条，")

