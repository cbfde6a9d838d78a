"""The rule packs in force: the shipped ones (``data/policies/*.yaml``) and officials' own."""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

from liandong.engines.eligibility import Pack, PackError, parse_pack
from liandong.policies.models import CustomPolicy, PackConfirmation


@cache
def shipped_packs() -> dict[str, Pack]:
    packs = {}
    for entry in sorted(resources.files("liandong.data").joinpath("policies").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            pack = parse_pack(yaml.safe_load(entry.read_text(encoding="utf-8")))
            packs[pack.code] = pack
    return packs


def shipped_cases() -> dict[str, dict]:
    """The YAML test cases of the shipped packs (``data/policies/tests``)."""
    out = {}
    folder = resources.files("liandong.data").joinpath("policies").joinpath("tests")
    for entry in folder.iterdir():
        if entry.name.endswith(".yaml"):
            data = yaml.safe_load(entry.read_text(encoding="utf-8"))
            out[data["pack"]] = data
    return out


def custom_packs() -> dict[str, Pack]:
    out = {}
    for policy in CustomPolicy.objects.filter(active=True):
        try:
            out[policy.code] = parse_pack(policy.as_pack_data(), custom=True)
        except PackError:
            continue  # the form validates; a pack broken by a later catalogue change is left out
    return out


def all_packs() -> dict[str, Pack]:
    return {**shipped_packs(), **custom_packs()}


def confirmed(code: str) -> set[str]:
    return set(PackConfirmation.objects.filter(pack=code).values_list("version", flat=True))
