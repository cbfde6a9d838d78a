"""Review #13 item 13 (policy pages): what an official reads has no internal codes — no tier or pack
codes (innovative-sme, little-giant), no fact names, no hash snippets. The ladder's tiles carry the
qualification's Chinese name, a 免申即享 row says what data it rests on, and a fact about a held
qualification is named in Chinese."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml
from django.test import Client

from liandong.engines.eligibility import FIELDS, QUALIFICATIONS
from tests.factories import make_chain_officer, make_enterprise_user, make_qualification

CODE = re.compile(r"(?<![A-Za-z0-9])(?:[a-z]+(?:[-_][a-z0-9]+)+|[0-9a-f]{8,})(?![A-Za-z0-9])")


def visible(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    main = re.search(r"<main\b.*?</main>", html, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main.group(0) if main else html))


def test_policy_pages_show_no_internal_codes(district):
    make_qualification(district.short, "tj-eaglet", granted=dt.date(2024, 1, 1), expires=dt.date(2027, 1, 1))
    officer = Client()
    officer.force_login(make_chain_officer())
    pages = ["/policies/", "/policies/ladder/", "/policies/new/", f"/policies/enterprises/{district.leader.uscc}/",
             f"/policies/enterprises/{district.short.uscc}/", f"/policies/enterprises/{district.short.uscc}/declare/"]
    pages += [f"/policies/{code}/?status={st}" for code in ("innovative-sme-2022", "specialized-sme-2022",
              "little-giant-2022", "high-tech-2016", "tj-eaglet-2021", "xq-rd-subsidy-2025")
              for st in ("met", "near", "needs_data", "not_met")]
    found = {}
    for url in pages:
        response = officer.get(url)
        assert response.status_code == 200, url
        codes = CODE.findall(visible(response.content.decode()))
        if codes:
            found[url] = sorted(set(codes))
    own = Client()
    own.force_login(make_enterprise_user(district.short))
    codes = CODE.findall(visible(own.get(f"/policies/enterprises/{district.short.uscc}/").content.decode()))
    if codes:
        found["own"] = sorted(set(codes))
    assert found == {}


def test_ladder_tiles_and_no_application_rows_in_words(district):
    officer = Client()
    officer.force_login(make_chain_officer())
    ladder = visible(officer.get("/policies/ladder/").content.decode())
    assert "创新型中小企业" in ladder and "专精特新“小巨人”企业" in ladder
    free = re.search(r'<section[^>]*id="no-application".*?</section>', officer.get("/policies/xq-rd-subsidy-2025/").content.decode(),
                     re.S).group(0)
    assert district.leader.name in free and "依据：" in free and "年报" in free
    assert not CODE.search(visible(free))


def test_facts_about_qualifications_are_named_in_chinese():
    catalogue = yaml.safe_load((Path(__file__).resolve().parents[2] / "src" / "liandong" / "data"
                                / "qualifications.yaml").read_text(encoding="utf-8"))
    names = {q["code"]: q["name"] for q in catalogue}
    for code in QUALIFICATIONS:
        assert FIELDS[f"has_{code}"].label == f"持有{names[code]}资质"
