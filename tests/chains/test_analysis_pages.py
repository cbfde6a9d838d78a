"""Gap analysis through the platform: frames from the registry → engine → API, CLI, pages, export."""

from __future__ import annotations

import io
import json

import pytest
from django.core.cache import cache
from django.core.management import call_command
from openpyxl import load_workbook

from liandong.chains.models import SupplyRelation
from tests.factories import make_admin, make_analyst, make_enterprise, make_enterprise_user, make_position
from tests.pages import client_for

pytestmark = pytest.mark.django_db
STATUSES = {"strong", "normal", "weak", "single_point", "missing"}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def district():
    """Two materials suppliers and one fab on the IC chain; the fab buys from one of them."""
    wafer = make_enterprise(name="天津硅片材料有限公司", above_scale=True)
    resist = make_enterprise(name="天津光刻胶材料有限公司")
    fab = make_enterprise(name="天津晶圆制造有限公司", above_scale=True)
    make_position(wafer, "ic.up.mat.wafer")
    make_position(resist, "ic.up.mat.photoresist")
    make_position(fab, "ic.mid.fab", role="master")
    SupplyRelation.objects.create(supplier=wafer, customer=fab, year=2025, product="12英寸硅片", amount=1_000_000)
    return {"wafer": wafer, "resist": resist, "fab": fab}


def test_api_analysis_has_the_contract_shape(api_client_for, district):
    response = api_client_for(make_analyst()).get("/api/v1/chains/ic/analysis")
    assert response.status_code == 200
    data = response.json()
    assert data["chain"] == {"code": "ic", "name": "集成电路"}
    assert len(data["nodes"]) >= 40 and {"fill", "strengthen", "extend"} <= set(data)
    for node in data["nodes"]:
        assert node["status"] in STATUSES and node["reason"]
        assert 0 <= node["output_share"] <= 1
    fab = next(n for n in data["nodes"] if n["code"] == "ic.mid.fab")
    assert fab["enterprises"] == 1 and fab["status"] == "single_point"
    assert api_client_for(None).get("/api/v1/chains/ic/analysis").status_code == 401
    assert api_client_for(make_analyst()).get("/api/v1/chains/nope/analysis").status_code == 404


def test_cli_analyze_by_name_prints_contract_json(district, capsys):
    call_command("chains", "analyze", "集成电路", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["chain"]["code"] == "ic"
    missing = [n for n in data["nodes"] if n["status"] == "missing"]
    assert missing and all(n["code"] in {r["node"] for r in data["fill"]} for n in missing)


def test_cli_analyze_names_statuses_in_chinese(district, capsys):
    """The human output labels each node's status from chains/statuses.py (issue #14 item 7)."""
    call_command("chains", "analyze", "ic")
    out = capsys.readouterr().out
    assert "单点" in out and "缺失" in out and "single_point" not in out and "missing" not in out


def test_enterprise_users_get_no_gap_analysis(api_client_for, district):
    """Computed over the one enterprise it may see, every other node would read 缺失 (review #13 item 14)."""
    own = make_enterprise_user(enterprise=district["fab"])
    response = api_client_for(own).get("/api/v1/chains/ic/analysis")
    assert response.status_code == 403 and response.json()["message"]
    tree = api_client_for(own).get("/api/v1/chains/ic").json()  # the outline stays readable
    assert tree["code"] == "ic" and tree["enterprises"] == 1


def test_chain_pages_render_map_lists_and_node_panel(district):
    client = client_for(make_admin())
    overview = client.get("/chains/")
    assert overview.status_code == 200 and len(overview.context["chains"]) == 5
    page = client.get("/chains/ic/")
    assert page.status_code == 200
    graph = page.context["graph"]
    assert {n["id"] for n in graph["nodes"]} >= {"ic.mid.fab", "ic.up.mat"}
    panel = client.get("/chains/ic/nodes/ic.mid.fab/")
    assert panel.status_code == 200 and "天津晶圆制造有限公司" in panel.content.decode()
    assert client.get("/chains/ic/nodes/nope/").status_code == 404


def test_catalogue_export_lists_every_recommendation(district):
    client = client_for(make_analyst())
    analysis = client.get("/api/v1/chains/ic/analysis")  # session auth works for the API too
    data = analysis.json()
    sheet = load_workbook(io.BytesIO(client.get("/chains/ic/catalogue.xlsx").content)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == len(data["fill"]) + len(data["strengthen"]) + len(data["extend"])
    assert {r[0] for r in rows} <= {"补链", "强链", "延链"}


def test_enterprise_page_shows_neighbours_on_linked_nodes(district):
    page = client_for(make_analyst()).get(f"/enterprises/{district['fab'].uscc}/")
    suppliers = [n["name"] for n in page.context["neighbours"]["suppliers"]]
    assert "天津硅片材料有限公司" in suppliers and "天津晶圆制造有限公司" not in suppliers
    wafer_page = client_for(make_analyst()).get(f"/enterprises/{district['wafer'].uscc}/")
    assert "天津晶圆制造有限公司" in [n["name"] for n in wafer_page.context["neighbours"]["customers"]]


def test_data_change_queues_a_background_job_that_warms_the_cache(district):
    from huey.contrib.djhuey import HUEY

    from liandong.chains.analysis import data_fingerprint
    from liandong.chains.tasks import warm_chain_analyses
    from liandong.core.db import data_changed

    before = HUEY.pending_count()
    data_changed()
    queued = [task.name for task in HUEY.pending()][before:]
    assert any(name.endswith("warm_chain_analyses") for name in queued), queued
    assert any(name.endswith("warm_stats_report") for name in queued), queued
    key = f"chain-analysis:v1:{data_fingerprint()}"
    assert cache.get(key) is None
    warm_chain_analyses.call_local()  # what the worker runs
    assert cache.get(key)["ic"]["chain"]["code"] == "ic"
