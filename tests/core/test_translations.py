"""The Chinese (zh-hans) catalogue is complete and Django serves it.

Chinese is the default UI language, so every message must be translated: the .po file is parsed
here (a small reader, no gettext tools needed) and checked for empty or fuzzy entries, for
placeholders that differ from the msgid, and for a correct header. Then Django's translation
machinery must return Chinese for a few key strings.

The compiled .mo is not in git (it is built by ``make messages``). A session fixture compiles it
with ``compilemessages`` when it is missing or older than the .po, so this file also passes in a
fresh checkout (msgfmt from gettext is needed then: ``make system-deps``). No database is used.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.template import Context, Template
from django.utils import translation

LOCALE = "zh_Hans"
PACKAGE_DIR = Path(settings.LOCALE_PATHS[0]).parent
PO_FILE = Path(settings.LOCALE_PATHS[0]) / LOCALE / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")

# Python-format placeholders (%(name)s, %(n)d, %s, %%) as gettext's python-format check sees them.
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[#0\- +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")
CJK = re.compile(r"[\u3400-\u9fff]")


# ---- a tiny .po reader ---------------------------------------------------------------------------
@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def label(self) -> str:
        return f"{PO_FILE.name}:{self.line} {self.msgid!r}"


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _unquote(text: str) -> str:
    text = text.strip()
    assert text.startswith('"') and text.endswith('"'), f"not a quoted PO string: {text}"
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), text[1:-1])


def read_po(path: Path) -> list[Entry]:
    """Entries in file order (the header is the one with msgid ""); obsolete ``#~`` entries are skipped."""
    entries: list[Entry] = []
    entry = Entry()
    target: tuple[str, int | None] | None = None

    def finish() -> None:
        nonlocal entry, target
        if target is not None:
            entries.append(entry)
        entry, target = Entry(), None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
        elif line.startswith("#~"):
            continue
        elif line.startswith("#,"):
            if target is not None:  # a comment after a complete entry starts the next one
                finish()
            entry.flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
        elif line.startswith("#"):
            if target is not None:
                finish()
        elif line.startswith('"'):
            assert target is not None, f"{path.name}:{number}: continuation line outside an entry"
            kind, index = target
            text = _unquote(line)
            if kind == "msgstr":
                entry.msgstr[index] += text
            else:
                setattr(entry, kind, getattr(entry, kind) + text)
        else:
            keyword, _, rest = line.partition(" ")
            match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            if keyword in {"msgctxt", "msgid"} and target is not None and target[0] == "msgstr":
                finish()  # a new entry without a blank line before it
            if keyword in {"msgctxt", "msgid", "msgid_plural"}:
                setattr(entry, keyword, _unquote(rest))
                target = (keyword, None)
                if keyword == "msgid":
                    entry.line = number
            elif keyword == "msgstr" or match:
                index = int(match.group(1)) if match else 0
                entry.msgstr[index] = _unquote(rest)
                target = ("msgstr", index)
            else:
                raise AssertionError(f"{path.name}:{number}: cannot read {raw!r}")
    finish()
    return entries


# ---- the compiled catalogue ----------------------------------------------------------------------
def _reset_translation_caches() -> None:
    """Forget catalogues Django may have loaded before the .mo existed (as django.test.signals does)."""
    from asgiref.local import Local
    from django.utils.translation import trans_real

    trans_real._translations = {}
    trans_real._default = None
    trans_real._active = Local()


@pytest.fixture(scope="session")
def compiled_catalogue() -> Path:
    """The .mo next to the .po, (re)compiled when it is missing or older than the .po."""
    assert PO_FILE.exists(), f"{PO_FILE} is missing: run makemessages -l {LOCALE} (see the Makefile)"
    if not MO_FILE.exists() or MO_FILE.stat().st_mtime < PO_FILE.stat().st_mtime:
        cwd = os.getcwd()
        os.chdir(PACKAGE_DIR)  # compilemessages walks the current directory for locale/ folders
        try:
            call_command("compilemessages", locale=[LOCALE], ignore_patterns=[".venv", "*.egg-info"], verbosity=0)
        except CommandError as err:
            pytest.fail(f"compilemessages failed ({err}); is gettext installed? (make system-deps)")
        finally:
            os.chdir(cwd)
        _reset_translation_caches()
    assert MO_FILE.exists() and MO_FILE.stat().st_mtime >= PO_FILE.stat().st_mtime
    return MO_FILE


@pytest.fixture
def zh(compiled_catalogue):
    with translation.override("zh-hans"):
        yield


# ---- the .po file --------------------------------------------------------------------------------
def _messages() -> list[Entry]:
    return [e for e in read_po(PO_FILE) if e.msgid]


def test_header_declares_simplified_chinese_utf8_one_plural_form():
    header = next(e for e in read_po(PO_FILE) if e.msgid == "")
    fields = dict(line.split(": ", 1) for line in header.msgstr[0].splitlines() if ": " in line)
    assert fields["Language"] == LOCALE
    assert fields["Content-Type"] == "text/plain; charset=UTF-8"
    assert fields["Plural-Forms"].replace(" ", "") == "nplurals=1;plural=0;"
    assert "fuzzy" not in header.flags


def test_the_catalogue_is_not_empty():
    assert len(_messages()) > 100


def test_every_message_is_translated_and_none_is_fuzzy():
    untranslated = [e.label for e in _messages() if not e.msgstr or not all(s.strip() for s in e.msgstr.values())]
    fuzzy = [e.label for e in _messages() if "fuzzy" in e.flags]
    assert untranslated == [], f"{len(untranslated)} untranslated: {untranslated[:20]}"
    assert fuzzy == [], f"{len(fuzzy)} fuzzy: {fuzzy[:20]}"


def test_plural_messages_fill_the_single_chinese_form():
    plurals = [e for e in _messages() if e.msgid_plural is not None]
    assert plurals, "expected at least one plural message ({% blocktranslate count %})"
    for e in plurals:
        assert set(e.msgstr) == {0}, e.label


def test_every_translation_is_chinese():
    """An msgstr copied from the English msgid would pass the emptiness check; this catches it."""
    english = [e.label for e in _messages() if not all(CJK.search(s) for s in e.msgstr.values())]
    assert english == []


def test_translations_keep_the_placeholders():
    """%(name)s, %(n)d ... must survive translation, else formatting raises KeyError at run time."""
    wrong = []
    for e in _messages():
        wanted = sorted(PLACEHOLDER.findall(e.msgid_plural or e.msgid))
        for s in e.msgstr.values():
            if sorted(PLACEHOLDER.findall(s)) != wanted:
                wrong.append((e.label, s))
    assert wrong == []


def test_glossary_terms_are_used_consistently():
    by_id = {e.msgid: e.msgstr[0] for e in _messages() if e.msgid_plural is None}
    expected = {
        "Enterprises": "企业",
        "Unified social credit code": "统一社会信用代码",
        "Upstream": "上游",
        "Midstream": "中游",
        "Downstream": "下游",
        "Chain master": "链主企业",
        "Core enterprise": "核心企业",
        "Supporting enterprise": "配套企业",
        "Member department": "成员单位",
        "Chain office": "产业链工作专班",
        "District administrator": "区级管理员",
        "Chain officer": "产业链专员",
        "Department staff": "部门工作人员",
        "Analyst (read-only)": "分析人员（只读）",
        "Enterprise user": "企业用户",
        "Above size": "规上",
        "10k yuan": "万元",
        "qualification catalogue": "资质目录",
        "Official totals": "官方统计数据",
        "Supply relations": "供应关系",
        "Back office": "后台管理",
        "Overview": "概览",
        "Log in": "登录",
        "Log out": "退出",
        "Liandong": "链动",
    }
    assert {k: by_id.get(k) for k in expected} == expected


# ---- Django serves the catalogue -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("Enterprises", "企业"),
        ("Log in", "登录"),
        ("Log out", "退出"),
        ("Overview", "概览"),
        ("Back office", "后台管理"),
        ("Chains", "产业链"),
        ("Above designated size", "规上企业"),
        ("Below designated size", "规下企业"),
    ],
)
def test_gettext_returns_chinese(zh, english, chinese):
    assert translation.gettext(english) == chinese


def test_placeholders_and_plurals_format(zh):
    assert translation.gettext("Must be 18 characters, got %(n)d.") % {"n": 17} == "应为 18 位，实际为 17 位。"
    for n in (1, 2, 15):
        assert translation.ngettext("%(n)s enterprise", "%(n)s enterprises", n) % {"n": n} == f"共 {n} 家企业"


def test_lazy_model_labels_translate(zh):
    from liandong.accounts.models import User
    from liandong.chains.models import ChainNode, EnterprisePosition
    from liandong.enterprises.models import Enterprise

    assert str(User.Role.CHAIN_OFFICER.label) == "产业链专员"
    assert str(EnterprisePosition.Role.MASTER.label) == "链主企业"
    assert str(ChainNode.Stage.UPSTREAM.label) == "上游"
    assert str(Enterprise._meta.get_field("uscc").verbose_name) == "统一社会信用代码"


def test_templates_translate(zh):
    rendered = Template(
        "{% load i18n %}{% translate 'Log in' %}|"
        "{% blocktranslate with n=3 total=9 %}Page {{ n }} of {{ total }}{% endblocktranslate %}"
    ).render(Context())
    assert rendered == "登录|第 3 页，共 9 页"


def test_english_stays_english(compiled_catalogue):
    with translation.override("en"):
        assert translation.gettext("Enterprises") == "Enterprises"
