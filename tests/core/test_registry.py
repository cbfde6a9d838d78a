"""Every app registers itself (core.registry, docs/architecture.md#adding-a-domain): this lists what
each app declares and checks that the site wired each declaration in — pages, API routers, audited
models, navigation, import kinds, demo steps and data_changed hooks."""

from __future__ import annotations

from pathlib import Path

import pytest
from auditlog.registry import auditlog
from django.urls import NoReverseMatch, get_resolver, reverse

from liandong.core import db, registry
from liandong.enterprises.imports.columns import KINDS
from liandong.site.api import api

EXPECTED = {
    # app: (url prefix, API prefixes, audited models, nav URL names, import kinds, data_changed hooks)
    "accounts": (None, {"/auth"}, {"Organization", "User"}, set(), set(), 0),
    "notifications": ("notifications/", {"/notifications"}, {"DepartmentChannels"}, set(), set(), 0),
    "enterprises": ("enterprises/", {"/enterprises", "/imports"},
                    {"Enterprise", "Park", "ParkMembership", "Qualification", "Contact", "AnnualData",
                     "MonthlyIndicator"}, {"enterprises:index", "enterprises:import"},
                    {"enterprises", "qualifications", "indicators", "annual"}, 0),
    "chains": ("chains/", {"/chains"}, {"Chain", "ChainNode", "ChainEdge", "EnterprisePosition", "SupplyRelation"},
               {"chains:index"}, {"chain-links", "supply-relations"}, 1),
    "stats": ("stats/", {"/stats"}, {"OfficialTotal"}, {"stats:report"}, {"official-totals"}, 1),
    "appeals": ("appeals/", {"/appeals"}, {"Appeal", "AppealCategory", "CalendarOverride", "CalendarYear"},
                {"appeals:index"}, set(), 0),
    "events": ("events/", {"/events"}, {"Event", "Invitation", "Registration", "MeetingRequest"}, {"events:index"},
               set(), 0),
    "policies": ("policies/", {"/policies"}, {"PackConfirmation", "CustomPolicy", "DeclaredFact"},
                 {"policies:overview"}, set(), 1),
    "matchmaking": ("matchmaking/", {"/matchmaking"}, {"Need", "Match"}, {"matchmaking:market"}, set(), 0),
    "investment": ("investment/", {"/projects"}, {"Project", "ProjectEvent", "ProjectDocument", "Lead", "StageLimit"},
                   {"investment:board"}, {"projects"}, 0),
    "funds": ("funds/", {"/funds", "/financing"},
              {"Program", "ProgramYear", "Award", "AwardEvent", "SubFund", "FundInvestment", "FinancingNeed",
               "FinancingProduct", "FinancingMatch"}, {"funds:ledger"},
              {"fund-programs", "awards"}, 0),
    "alliance": ("alliance/", {"/alliance", "/alliance/resources", "/alliance/services"},
                 {"Member", "Pairing", "PairingLog", "Activity", "Outcome", "RotaSlot", "Resource", "ServiceRecord"},
                 {"alliance:overview"}, {"alliance-members", "pairings", "alliance-activities"}, 1),
    "site": (None, set(), set(), {"home", "admin:index"}, set(), 0),
}


def declared() -> dict[str, tuple]:
    out = {}
    for app in registry.liandong_apps():
        r = app.registrations()
        kinds = {k.key for k in registry.resolve(r.import_kinds)} if r.import_kinds else set()
        out[r.label] = (r.url_prefix, {m.prefix for m in r.api_routers}, {m.split(".")[1] for m in r.audited_models},
                        {n.url_name for n in r.nav}, kinds, len(r.data_changed))
    return out


def test_every_app_lists_its_registrations():
    assert declared() == EXPECTED


@pytest.mark.parametrize("label", sorted(EXPECTED))
def test_each_registration_is_wired_in(label):
    app = next(a for a in registry.liandong_apps() if a.label == label)
    if app.url_prefix:
        included = {str(p.pattern) for p in get_resolver().url_patterns}
        assert app.url_prefix in included
    mounted = {prefix for prefix, _router in api._routers}
    for router in app.api_routers:
        assert router.prefix in mounted
        assert registry.resolve(router.router) in {r for _p, r in api._routers}
    for name in app.audited_models:
        assert auditlog.contains(app.get_model(name)), f"{label}.{name} is not audited"
    for entry in app.nav:
        try:
            reverse(entry.url_name)
        except NoReverseMatch:  # pragma: no cover - the assertion below names it
            pytest.fail(f"{label}: nav entry {entry.url_name} does not resolve")
        if entry.visible:
            assert callable(registry.resolve(entry.visible))
    for step in app.demo_steps:
        assert callable(registry.resolve(step.run))
    names = {getattr(listener, "__qualname__", "") for listener in db._listeners}
    for hook in app.data_changed:
        assert hook in names and callable(registry.resolve(hook))


def test_import_kinds_are_every_apps_own_and_unique():
    keys = [k.key for k in registry.import_kinds()]
    assert len(keys) == len(set(keys))
    assert list(KINDS) == ["enterprises", "qualifications", "chain-links", "indicators", "annual", "supply-relations",
                           "official-totals", "projects", "fund-programs", "awards", "alliance-members",
                           "pairings", "alliance-activities"]


def test_navigation_is_ordered_and_unique():
    entries = registry.nav_entries()
    assert [e.order for e in entries] == sorted(e.order for e in entries)
    assert len({e.url_name for e in entries}) == len(entries)


def test_page_sections_resolve_and_land_on_pages_that_show_them():
    """Each declared section names a callable and a page whose view renders sections."""
    shown_by = {"enterprise": "liandong.enterprises.views", "appeal": "liandong.appeals.views"}
    sections = [(app.label, s) for app in registry.liandong_apps() for s in app.sections]
    assert {(label, s.page) for label, s in sections} == {("alliance", "enterprise"), ("alliance", "appeal")}
    for _label, section in sections:
        assert callable(registry.resolve(section.render))
        source = Path(registry.resolve(shown_by[section.page]).__file__).read_text(encoding="utf-8")
        assert f'render_sections("{section.page}"' in source
