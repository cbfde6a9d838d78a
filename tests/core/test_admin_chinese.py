"""The back office speaks Chinese (#13 item 13): the admin index, as a superuser in zh-hans, names
every app and model in Chinese — Liandong's own, and django-auditlog's, django-axes', Django's."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.factories import make_admin

pytestmark = pytest.mark.django_db
LATIN_WORD = re.compile(r"(?<!GB/)[A-Za-z]{2,}(?!/T)")  # GB/T, the standard's own name, is no English word


def _admin_index(client: Client) -> str:
    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    return response


def test_admin_index_names_every_app_and_model_in_chinese():
    user = make_admin()
    user.is_staff = user.is_superuser = True
    user.save()
    client = Client()
    client.force_login(user)
    response = _admin_index(client)
    apps = response.context["app_list"]
    assert len(apps) >= 8
    english = [app["name"] for app in apps if LATIN_WORD.search(str(app["name"]))]
    english += [f"{app['name']} › {model['name']}" for app in apps for model in app["models"]
                if LATIN_WORD.search(str(model["name"]))]
    assert english == [], english
    html = response.content.decode()
    for app in apps:  # what the page prints is what the context says
        assert str(app["name"]) in html
    for word in ("AUDIT LOG", "Audit log", "AXES", "Axes", "Deliverys", "Log entries"):
        assert word not in html


def test_every_changelist_labels_its_columns_and_filters_in_chinese(rf):
    """Column headers (list_display) and filter titles of every model in the back office."""
    from django.contrib import admin
    from django.contrib.admin.utils import label_for_field
    from django.utils import translation

    user = make_admin()
    user.is_staff = user.is_superuser = True
    user.save()
    english = []
    with translation.override("zh-hans"):
        for model, model_admin in admin.site._registry.items():
            request = rf.get(f"/admin/{model._meta.app_label}/{model._meta.model_name}/")
            request.user = user
            changelist = model_admin.get_changelist_instance(request)
            labels = [str(label_for_field(name, model, model_admin)) for name in changelist.list_display
                      if name not in {"action_checkbox", "__str__"}]
            labels += [str(spec.title) for spec in changelist.filter_specs]
            english += [f"{model._meta.label}: {label}" for label in labels if LATIN_WORD.search(label)]
    assert english == [], english


def _visible_text(html: str) -> str:
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    return re.sub(r"<[^>]+>", " ", html)


def test_audit_log_import_jobs_and_forms_read_in_chinese(tmp_path):
    """The pages an official opens most: the audit log of a change, an import job, a data form."""
    from auditlog.models import LogEntry

    from liandong.core.audit import audited
    from liandong.enterprises.models import ImportJob
    from liandong.enterprises.tasks import run_import_job
    from tests.factories import make_enterprise

    user = make_admin()
    user.is_staff = user.is_superuser = True
    user.save()
    enterprise = make_enterprise(name="天津审计测试有限公司")
    with audited(user):
        enterprise.name, enterprise.address = "天津审计测试（新）有限公司", "学府路1号"
        enterprise.save()
    entry = LogEntry.objects.get_for_object(enterprise).filter(action=LogEntry.Action.UPDATE).latest("id")
    job = ImportJob.objects.create(user=user, kind="enterprises", filename="e.csv",
                                   content="统一社会信用代码,企业名称\n123,甲\n".encode())
    run_import_job(job.id)
    client = Client()
    client.force_login(user)
    pages = {
        "log list": "/admin/auditlog/logentry/",
        "log entry": f"/admin/auditlog/logentry/{entry.id}/change/",
        "import job": f"/admin/enterprises/importjob/{job.id}/change/",
        "import jobs": "/admin/enterprises/importjob/",
        "annual form": "/admin/enterprises/annualdata/add/",
    }
    for label, url in pages.items():
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert response.status_code == 200, label
        text = _visible_text(response.content.decode())
        # (ImportJob.__str__, "enterprises e.csv", still names the kind by its key: the models' owner's)
        for word in ("changes:", "change:", "None", "Field", "errors_total", "dry_run", "enterprise", "user",
                     "Enterprise", "Done", "Total", "User", "Users", "Created", "Updated", "Lead", "Notifications"):
            assert not re.search(rf"(?<![\w.-]){re.escape(word)}(?![\w-])", text), (label, word)
        assert not re.search(r"\d:\d\d:\d\d\.\d+", text), label  # times to the minute, no microseconds
    log_text = _visible_text(client.get(pages["log entry"]).content.decode())
    assert "注册地址" in log_text and "学府路1号" in log_text
    job_text = _visible_text(client.get(pages["import job"]).content.decode())
    assert "统一社会信用代码" in job_text and "企业名录" in job_text


def test_permission_choices_are_named_in_chinese():
    """Permission names are stored in English at migrate time; users and groups list them in Chinese."""
    user = make_admin()
    user.is_staff = user.is_superuser = True
    user.save()
    client = Client()
    client.force_login(user)
    for url in ("/admin/auth/group/add/", f"/admin/accounts/user/{user.id}/change/", "/admin/accounts/user/add/"):
        text = _visible_text(client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode())
        assert not re.search(r"\bCan (add|change|delete|view)\b", text), url
        assert "After you" not in text, url
    text = _visible_text(client.get("/admin/auth/group/add/").content.decode())
    assert "企业 | 可修改" in text


def _superuser_client() -> Client:
    user = make_admin()
    user.is_staff = user.is_superuser = True
    user.save()
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    return client


def _official_findings(text: str) -> list[str]:
    """What the zh-hans sweep would flag on the page: English words, internal codes, None/nan."""
    from tests.web.test_zh_sweep import findings, visible_text

    return findings("/admin/", visible_text(text))


def test_every_model_and_field_has_a_chinese_name():
    """Each Liandong model names itself (singular and plural) and each of its fields: Django's fallback
    is the class or field name ("invitation", "created by"), English in the permission lists, forms and
    the audit log."""
    from django.apps import apps
    from django.utils import translation

    missing = []
    for model in apps.get_models():
        if not model.__module__.startswith("liandong."):
            continue
        opts = model._meta
        missing += [f"{opts.label}.Meta.{a}" for a in ("verbose_name", "verbose_name_plural")
                    if a not in opts.original_attrs]
        for field in [*opts.local_fields, *opts.local_many_to_many]:
            if not field.auto_created and "verbose_name" not in field.deconstruct()[3]:
                missing.append(f"{opts.label}.{field.name}")
    assert missing == [], missing
    with translation.override("zh-hans"):
        from liandong.events.models import Invitation

        assert str(Invitation._meta.verbose_name) == "活动邀请"


def test_changelists_name_records_in_chinese_not_by_their_codes():
    """Qualification types, appeal categories, chains, chain nodes, official totals, outgoing messages
    and import jobs are listed by their Chinese names; the codes stay on the change forms (代码)."""
    from decimal import Decimal

    from liandong.enterprises.models import ImportJob, QualificationType
    from liandong.notifications.models import Delivery
    from liandong.notifications.services import queue_mail
    from liandong.stats.models import OfficialTotal

    client = _superuser_client()
    user = make_admin(email="office@example.cn")
    OfficialTotal.objects.create(period="2026-03", indicator="value_added", value=Decimal("1278000462.22"),
                                 growth_pct=Decimal("6.900"))
    queue_mail([user], key="invite:47", subject="活动邀请：供需对接会", body="欢迎参加")
    ImportJob.objects.create(user=user, kind="enterprises", filename="企业名录.csv", content=b"")
    expected = {
        "/admin/enterprises/qualificationtype/": ("高新技术企业", ("high-tech", "little-giant")),
        "/admin/appeals/appealcategory/": ("融资", ("finance", "labour", "approval")),
        "/admin/chains/chain/": ("集成电路", ("new-energy", "Integrated circuits")),
        "/admin/chains/chainnode/": ("上游 › ", ("ic.down", "ic.mid.fab")),
        "/admin/stats/officialtotal/": ("增加值", ("value_added", "1278000462.22")),
        "/admin/notifications/delivery/": ("活动邀请", ("invite", "mail")),
        "/admin/enterprises/importjob/": ("企业名录", ("enterprises",)),
    }
    for url, (chinese, codes) in expected.items():
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert chinese in html, url
        for code in codes:
            assert code not in _visible_text(html), (url, code)
        assert _official_findings(html) == [], (url, _official_findings(html))
    job = ImportJob.objects.get(filename="企业名录.csv")
    delivery = Delivery.objects.get()
    total = OfficialTotal.objects.get(period="2026-03")
    for url in (f"/admin/enterprises/importjob/{job.pk}/change/", f"/admin/notifications/delivery/{delivery.pk}/change/",
                f"/admin/stats/officialtotal/{total.pk}/change/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _official_findings(response.content.decode()) == [], url
    # the code is still there to edit, under its Chinese name
    qt = QualificationType.objects.get(code="high-tech")
    form = client.get(f"/admin/enterprises/qualificationtype/{qt.pk}/change/").content.decode()
    assert 'value="high-tech"' in form and "代码" in form


def test_login_log_shows_unknown_as_such():
    """django-axes stores "<unknown>" for a header or path a request lacked (a sign-in through the API
    or a test client); the back office says 未知."""
    from axes.models import AccessLog

    client = _superuser_client()
    log = AccessLog.objects.create(username="officer", ip_address="10.0.0.1", user_agent="<unknown>",
                                   path_info="<unknown>", http_accept="<unknown>")
    for url in ("/admin/axes/accesslog/", f"/admin/axes/accesslog/{log.pk}/change/"):
        html = client.get(url).content.decode()
        assert "未知" in html, url
        assert "unknown" not in _visible_text(html), url
        assert _official_findings(html) == [], (url, _official_findings(html))  # the title: not "Access Log for"
    assert "officer 于" in client.get(f"/admin/axes/accesslog/{log.pk}/change/").content.decode()


def test_audit_entry_of_a_new_record_lists_its_fields_not_its_reverse_relations():
    """auditlog also records a new park's reverse relations (its enterprises, its memberships) as
    "enterprises.Enterprise.None": no value an official can read, so they are left out; empty values
    are shown as —."""
    from auditlog.models import LogEntry

    from liandong.core.audit import audited
    from liandong.enterprises.models import Park

    client = _superuser_client()
    user = make_admin()
    with audited(user):
        park = Park.objects.create(name="审计测试园区")
    entry = LogEntry.objects.get_for_object(park).get(action=LogEntry.Action.CREATE)
    html = client.get(f"/admin/auditlog/logentry/{entry.pk}/change/").content.decode()
    text = _visible_text(html)
    assert "审计测试园区" in text
    assert ".None" not in text and "ParkMembership" not in text
    assert _official_findings(html) == [], _official_findings(html)


def test_audit_entry_shows_values_as_an_official_reads_them():
    """Choices by their labels, 是/否 for True/False, times to the minute, related records by name."""
    from auditlog.models import LogEntry

    from liandong.core.audit import audited
    from tests.factories import make_department, make_department_user

    client = _superuser_client()
    actor = make_admin()
    department = make_department("区审计测试局")
    with audited(actor):
        user = make_department_user(organization=department, display_name="审计测试干部", username="dept-77")
    entry = LogEntry.objects.get_for_object(user).get(action=LogEntry.Action.CREATE)
    html = client.get(f"/admin/auditlog/logentry/{entry.pk}/change/").content.decode()
    text = _visible_text(html)
    assert "部门工作人员" in text and "区审计测试局" in text and "是" in text
    assert not re.search(r"\b(True|False|department)\b", text)
    assert not re.search(r"\d:\d\d:\d\d", text)  # date joined: to the minute
    assert _official_findings(html) == [], _official_findings(html)
