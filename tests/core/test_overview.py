"""The home page's figures: district staff read them from the cache until the registry changes; an
enterprise user's are its own."""

from __future__ import annotations

from liandong.site.selectors import district_overview
from tests.factories import make_analyst, make_enterprise, make_enterprise_user


def test_district_figures_are_cached_per_state_of_the_registry(db, django_assert_max_num_queries):
    make_enterprise(above_scale=True)
    analyst = make_analyst()
    first = district_overview(actor=analyst)
    with django_assert_max_num_queries(8):  # the fingerprint's max(id) reads only
        assert district_overview(actor=analyst) == first
    make_enterprise()
    assert district_overview(actor=analyst)["enterprises"] == first["enterprises"] + 1


def test_an_enterprise_user_sees_its_own_figures(db):
    mine = make_enterprise(above_scale=True)
    make_enterprise(above_scale=True)
    figures = district_overview(actor=make_enterprise_user(mine))
    assert figures["enterprises"] == 1 and figures["above_scale"] == 1
