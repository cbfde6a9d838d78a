"""The repository documents its own contracts in docs/ (issue #14 item 8): no pointer to files a user of
the repository does not have, every ``liandong`` command and sub-command in docs/cli.md, every import
kind and column in docs/imports.md, every API operation in docs/api.md, and every docs/ pointer lands
on a heading that exists."""

from __future__ import annotations

import re
from pathlib import Path

from django.core.management import get_commands, load_command_class

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
SCANNED = [ROOT / "src", ROOT / "tests", ROOT / "bench", DOCS, ROOT / "README.md", ROOT / "Makefile"]
SKIPPED_DIRS = {"__pycache__", "node_modules", "vendor"}
BINARY = {".png", ".jpg", ".jpeg", ".gif", ".ico", ".mo", ".xlsx", ".sqlite3", ".pyc", ".woff", ".woff2", ".ttf"}
# Spelled in pieces so that this file does not match itself.
FORBIDDEN = ("../" + "shared/", "CONTR" + "ACTS", "DESIGN" + ".md")


def text_files() -> list[Path]:
    out = []
    for base in SCANNED:
        paths = [base] if base.is_file() else sorted(base.rglob("*"))
        for path in paths:
            if not path.is_file() or path.suffix.lower() in BINARY:
                continue
            rel = path.relative_to(ROOT).parts
            if any(part in SKIPPED_DIRS or part.endswith(".egg-info") for part in rel):
                continue
            out.append(path)
    return out


def test_no_reference_to_files_outside_the_repository():
    found = []
    for path in text_files():
        text = path.read_bytes().decode("utf-8", errors="ignore")
        for number, line in enumerate(text.splitlines(), start=1):
            hits = [f for f in FORBIDDEN if f in line]
            if hits:
                found.append(f"{path.relative_to(ROOT)}:{number}: {hits[0]}")
    assert not found, "point to docs/ instead:\n" + "\n".join(found)


def headings(path: Path) -> list[str]:
    return [line.lstrip("#").strip().replace("`", "") for line in path.read_text().splitlines()
            if re.match(r"#{1,6} ", line)]


def liandong_commands() -> dict[str, list[str]]:
    """Each Liandong management command with its sub-commands (empty when it has none)."""
    out = {}
    for name, app in get_commands().items():
        if not app.startswith("liandong."):
            continue
        parser = load_command_class(app, name).create_parser("liandong", name)
        subs = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]
        out[name] = sorted(subs[0].choices) if subs else []
    return out


def test_every_command_has_a_heading_in_cli_md():
    commands = liandong_commands()
    assert {"import", "template", "demo", "stats", "match"} <= set(commands)  # the lookup found them
    documented = set(headings(DOCS / "cli.md"))
    expected = {f"{name} {sub}" if sub else name for name, subs in commands.items() for sub in subs or [""]}
    assert not expected - documented, f"commands without a heading in docs/cli.md: {sorted(expected - documented)}"


def sections(path: Path, level: str = "### ") -> dict[str, str]:
    """Heading text → the text up to the next heading of the same or a higher level."""
    out: dict[str, str] = {}
    current = None
    for line in path.read_text().splitlines():
        if line.startswith("#") and len(line) - len(line.lstrip("#")) <= len(level) - 1:
            current = line.lstrip("#").strip().replace("`", "") if line.startswith(level) else None
            if current:
                out[current] = ""
            continue
        if current:
            out[current] += line + "\n"
    return out


def test_every_import_kind_and_column_is_in_imports_md():
    from liandong.enterprises.imports.columns import KINDS

    documented = sections(DOCS / "imports.md")
    assert set(KINDS) <= set(documented), f"kinds without a section: {sorted(set(KINDS) - set(documented))}"
    missing = [f"{kind}: {col.key} {col.label}" for kind, columns in KINDS.items() for col in columns
               if f"`{col.key}`" not in documented[kind] or f"| {col.label} |" not in documented[kind]]
    assert not missing, "columns missing from docs/imports.md:\n" + "\n".join(missing)


def test_every_api_operation_is_in_api_md():
    from liandong.site.api import api

    text = (DOCS / "api.md").read_text()
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    operations = [f"`{method.upper()} {path.removeprefix('/api/v1')}`"
                  for path, ops in schema["paths"].items() for method in ops]
    assert len(operations) > 20
    missing = [op for op in operations if op not in text]
    assert not missing, f"operations missing from docs/api.md: {missing}"


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


FILE_LINK = re.compile(r"((?:docs/)?[\w./-]*\.md)#([\w-]+)")  # an anchor is word characters and hyphens
SELF_LINK = re.compile(r"\]\(#([\w-]+)\)")


def test_pointers_to_docs_land_on_a_heading():
    """``docs/<file>.md#<anchor>`` anywhere; ``](<file>.md#<anchor>)`` and ``](#<anchor>)`` in docs/ and the README."""
    broken = []
    for path in text_files():
        if path.suffix not in {".py", ".md", ".html", ""}:
            continue
        text = path.read_text(errors="ignore")
        in_docs = path.suffix == ".md" and (path.is_relative_to(DOCS) or path == ROOT / "README.md")
        links = FILE_LINK.findall(text) + ([("", anchor) for anchor in SELF_LINK.findall(text)] if in_docs else [])
        for target, anchor in links:
            if target.startswith("docs/"):
                file = ROOT / target
            elif in_docs:
                file = (path.parent / target).resolve() if target else path
            else:
                continue
            if not file.is_file():
                broken.append(f"{path.relative_to(ROOT)}: {target} (no such file)")
            elif anchor not in {slug(h) for h in headings(file)}:
                broken.append(f"{path.relative_to(ROOT)}: {target}#{anchor}")
    assert not broken, "pointers to missing headings:\n" + "\n".join(broken)
