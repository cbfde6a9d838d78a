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
