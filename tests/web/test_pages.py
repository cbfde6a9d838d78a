"""The HTML pages: Chinese by default, scoped like the API, imports run as background jobs."""

from __future__ import annotations

import pytest
from django.test import Client

from liandong.enterprises.models import Enterprise, ImportJob
from liandong.enterprises.tasks import run_import_job
from tests.factories import (
    make_admin,
    make_analyst,
    make_contact,
    make_enterprise,
    make_enterprise_user,
    make_position,
    make_qualification,
    make_uscc,
    write_sheet,
)
from tests.pages import client_for

pytestmark = pytest.mark.django_db


def test_pages_require_login_and_speak_chinese_by_default():
    response = Client().get("/enterprises/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    page = Client().get("/accounts/login/").content.decode()
    assert "登录" in page and 'lang="zh-hans"' in page


def test_language_switch_to_english():
    client = client_for(make_admin())
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/enterprises/").content.decode()
    assert "Enterprises" in page and 'lang="en"' in page


def test_overview_counts_what_the_actor_may_see():
    make_enterprise(name="天津甲科技有限公司", above_scale=True)
    make_enterprise(name="天津乙科技有限公司")
    overview = client_for(make_admin()).get("/").context["overview"]
    assert (overview["enterprises"], overview["above_scale"]) == (2, 1)
    own = make_enterprise_user()
    own_page = client_for(own).get("/")  # an enterprise user's home is its own card (review #13 item 14)
    assert own_page.context["home"]["enterprise"] == own.enterprise and "overview" not in own_page.context


def test_enterprise_search_by_name_and_code_and_filters():
    chip = make_enterprise(name="天津芯睿微电子有限公司", above_scale=True)
    make_position(chip, "ic.mid.design")
    other = make_enterprise(name="天津绿源生物科技有限公司")
    client = client_for(make_analyst())
    by_name = client.get("/enterprises/", {"q": "芯睿"})
    assert [e.uscc for e in by_name.context["page"].object_list] == [chip.uscc]
    by_code = client.get("/enterprises/", {"q": other.uscc[:12].lower()})
    assert [e.uscc for e in by_code.context["page"].object_list] == [other.uscc]
    on_chain = client.get("/enterprises/", {"chain": "ic"})
    assert [e.uscc for e in on_chain.context["page"].object_list] == [chip.uscc]
    above = client.get("/enterprises/", {"above_scale": "0"})
    assert chip.uscc not in {e.uscc for e in above.context["page"].object_list}
    partial = client.get("/enterprises/", {"q": "芯睿"}, headers={"HX-Request": "true", "HX-Target": "results"})
    assert "<html" not in partial.content.decode() and "芯睿" in partial.content.decode()


def test_enterprise_page_shows_profile_expiry_and_masks_contacts_for_analyst():
    e = make_enterprise(name="天津示例科技有限公司")
    make_qualification(e, "high-tech", granted=__import__("datetime").date(2019, 1, 1),
                       expires=__import__("datetime").date(2021, 12, 31))
    make_contact(e, phone="13812345678")
    page = client_for(make_analyst()).get(f"/enterprises/{e.uscc}/").content.decode()
    assert "国家高新技术企业" in page and "tag bad" in page  # shown as expired
    assert "13812345678" not in page and "138****5678" in page
    assert "13812345678" in client_for(make_admin()).get(f"/enterprises/{e.uscc}/").content.decode()


def test_enterprise_user_cannot_open_another_enterprise_page():
    user = make_enterprise_user()
    other = make_enterprise()
    client = client_for(user)
    assert client.get(f"/enterprises/{user.enterprise.uscc}/").status_code == 200
    assert client.get(f"/enterprises/{other.uscc}/").status_code == 404


def test_chain_page_counts_enterprises_per_node():
    e = make_enterprise()
    make_position(e, "ic.mid.design")
    response = client_for(make_admin()).get("/chains/ic/")
    assert response.status_code == 200
    tree = response.context["chain"]
    assert tree["enterprises"] == 1
    mid = next(s for s in tree["tree"]["children"] if s["stage"] == "midstream")
    design = next(n for n in mid["children"] if n["code"] == "ic.mid.design")
    assert design["enterprises_total"] == 1 and design["status"] == "single_point"
    assert all(n.get("enterprises_total", 0) == 0 for n in mid["children"] if n["code"] != "ic.mid.design")


def test_import_page_rejects_bad_file_and_reports_rows(tmp_path):
    admin = make_admin()
    client = client_for(admin)
    good, bad = make_uscc(), make_uscc()
    path = write_sheet(tmp_path / "e.xlsx", ["统一社会信用代码", "企业名称"],
                       [[good, "天津好科技有限公司"], [bad[:-1] + ("0" if bad[-1] != "0" else "1"), "天津坏科技有限公司"]])
    with open(path, "rb") as fh:
        response = client.post("/enterprises/import/", {"kind": "enterprises", "file": fh})
    assert response.status_code == 302
    job = ImportJob.objects.get(user=admin)
    run_import_job(job.id)  # what the Huey worker runs
    page = client.get(response["Location"]).content.decode()
    assert job.filename in page and "import-errors" in page and ">3<" in page
    assert not Enterprise.objects.filter(uscc=good).exists()


def test_import_page_is_read_only_for_analysts(tmp_path):
    client = client_for(make_analyst())
    assert client.get("/enterprises/import/").status_code == 200
    path = write_sheet(tmp_path / "e.csv", ["uscc", "name"], [[make_uscc(), "甲"]])
    with open(path, "rb") as fh:
        assert client.post("/enterprises/import/", {"kind": "enterprises", "file": fh}).status_code == 404
    assert ImportJob.objects.count() == 0


def test_template_download_is_a_workbook():
    response = client_for(make_analyst()).get("/enterprises/import/templates/enterprises.xlsx")
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_admin_back_office_lists_enterprises():
    make_enterprise(name="天津后台科技有限公司")
    admin = make_admin(is_staff=True, is_superuser=True)
    page = client_for(admin).get("/admin/enterprises/enterprise/?q=后台")
    assert page.status_code == 200 and "天津后台科技有限公司" in page.content.decode()


def test_search_by_products_and_business_scope():
    power = make_enterprise(name="天津甲科技有限公司", main_products="IGBT模块、SiC器件")
    scope = make_enterprise(name="天津乙科技有限公司", business_scope="一般项目：集成电路设计；IGBT芯片销售")
    make_enterprise(name="天津丙科技有限公司", main_products="医用导管")
    client = client_for(make_analyst())
    found = client.get("/enterprises/", {"products": "igbt"}).context["page"].object_list
    assert {e.uscc for e in found} == {power.uscc, scope.uscc}
    narrowed = client.get("/enterprises/", {"products": "IGBT 设计"}).context["page"].object_list
    assert [e.uscc for e in narrowed] == [scope.uscc]


def test_export_is_the_filtered_scoped_list_as_excel():
    import io

    from openpyxl import load_workbook

    chip = make_enterprise(name="天津芯片一科技有限公司", above_scale=True)
    make_position(chip, "ic.mid.design")
    make_qualification(chip, "high-tech", granted=__import__("datetime").date(2025, 1, 1))
    make_enterprise(name="天津其他科技有限公司")
    response = client_for(make_analyst()).get("/enterprises/export.xlsx", {"chain": "ic"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("统一社会信用代码", "企业名称")
    assert [r[:2] for r in rows[1:]] == [(chip.uscc, "天津芯片一科技有限公司")]
    assert rows[1][9] == "集成电路" and "国家高新技术企业" in rows[1][11]
    own = make_enterprise_user()
    mine = load_workbook(io.BytesIO(client_for(own).get("/enterprises/export.xlsx").content)).active
    assert [r[0] for r in mine.iter_rows(min_row=2, values_only=True)] == [own.enterprise.uscc]


def test_import_errors_come_in_the_uploaders_language(tmp_path):
    admin = make_admin()
    client = client_for(admin)
    bad = make_uscc()
    path = write_sheet(tmp_path / "e.csv", ["uscc", "name"], [[bad[:-1] + ("0" if bad[-1] != "0" else "1"), "甲"]])
    for language, expected in (("en", "expected"), ("zh-hans", "应为")):
        client.post("/i18n/setlang/", {"language": language, "next": "/"})
        with open(path, "rb") as fh:
            client.post("/enterprises/import/", {"kind": "enterprises", "file": fh})
        job = run_import_job(ImportJob.objects.filter(user=admin).latest("id").id)
        assert job.language == language
        assert expected in job.result["errors"][0]["message"]
