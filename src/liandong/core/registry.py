"""How an app plugs itself into the site (docs/architecture.md#adding-a-domain).

Each Liandong app's ``AppConfig`` subclasses ``LiandongApp`` and declares what it brings: its pages
(``url_prefix``, included from ``<app>/urls.py``), its API routers, its audited models, its
navigation entries, its import kinds, its demo steps and its ``data_changed`` hook. The composition
root (``liandong.site``) reads these declarations; nothing below it names an app. Adding a domain is
a folder and one line in ``INSTALLED_APPS``.

Everything is named by dotted path ("module:attribute"), resolved when the site needs it, so an
``apps.py`` imports no models and no app imports another one to register.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.apps import AppConfig, apps


def resolve(dotted: str) -> Any:
    """``"package.module:attribute"`` → the attribute (``"package.module"`` → the module)."""
    module, _, attribute = dotted.partition(":")
    found: Any = import_module(module)
    for part in filter(None, attribute.split(".")):
        found = getattr(found, part)
    return found


@dataclass(frozen=True)
class NavEntry:
    """One link of the top navigation.

    ``visible`` names a predicate ``(user) -> bool`` (the app's role check); None shows the link to
    every signed-in user. The link is marked active on the pages of ``active_namespace`` (the URL
    namespace), except ``inactive_url_names``; or, when ``active_url_names`` is given, on those only.
    """

    label: Any  # a lazy translation
    url_name: str
    order: int
    visible: str | None = None
    active_namespace: str | None = None
    active_url_names: tuple[str, ...] = ()
    inactive_url_names: tuple[str, ...] = ()

    def shown_to(self, user: Any) -> bool:
        return self.visible is None or bool(resolve(self.visible)(user))

    def is_active(self, match: Any) -> bool:
        if match is None:
            return False
        if self.active_url_names:
            return match.view_name in self.active_url_names or match.url_name in self.active_url_names
        return (self.active_namespace is not None and match.namespace == self.active_namespace
                and match.url_name not in self.inactive_url_names)


@dataclass(frozen=True)
class DemoStep:
    """A step of the demo district: ``run`` names ``function(context) -> rows written`` (the context:
    ``core.demo.DemoContext``). ``liandong demo`` runs the apps' steps after the base district, in
    ``order``, counts the rows under ``key`` and reports them with ``label``."""

    key: str
    label: str
    run: str
    order: int
    reset: str = ""
    """``function() -> rows deleted``: removes what ``run`` wrote (``liandong demo --reset``)."""


@dataclass(frozen=True)
class PageSection:
    """A section an app adds to another app's page, which cannot import it (a lower layer): on the
    enterprise page the alliance's service timeline, on the appeal page the matching resources.
    ``page`` names the page ("enterprise", "appeal"); ``render`` names ``function(request, obj) ->
    str | None`` returning the section's HTML (None: nothing for this user). Shown in ``order``."""

    page: str
    render: str
    order: int


@dataclass(frozen=True)
class ApiRouter:
    prefix: str
    router: str


@dataclass
class Registrations:
    """What one app declares; the test in tests/core/test_registry.py lists them all."""

    label: str
    url_prefix: str | None
    api_routers: tuple[ApiRouter, ...]
    audited_models: tuple[str, ...]
    nav: tuple[NavEntry, ...]
    import_kinds: str | None
    demo_steps: tuple[DemoStep, ...]
    data_changed: tuple[str, ...]
    sections: tuple[PageSection, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


class LiandongApp(AppConfig):
    """Base of every Liandong app's configuration. Override the class attributes that apply.

    An ``apps.py`` refers to it as ``registry.LiandongApp`` (``from liandong.core import registry``):
    Django picks an app's configuration automatically only when its ``apps`` module holds one class."""

    url_prefix: str | None = None
    """Pages: ``<app>/urls.py`` is included at this prefix (e.g. ``"events/"``)."""
    api_routers: tuple[ApiRouter, ...] = ()
    audited_models: tuple[str, ...] = ()
    """Model names of this app whose every change the audit trail records (django-auditlog)."""
    audit_exclude: dict[str, tuple[str, ...]] = {}
    nav: tuple[NavEntry, ...] = ()
    import_kinds: str | None = None
    """Dotted path of a sequence of import kinds (enterprises.imports.kinds.Kind) this app owns."""
    demo_steps: tuple[DemoStep, ...] = ()
    data_changed: tuple[str, ...] = ()
    """Callables run after every ``core.db.data_changed`` (e.g. queue a cache warm-up)."""
    sections: tuple[PageSection, ...] = ()
    """Sections this app adds to other apps' pages (``PageSection``)."""

    def ready(self) -> None:
        from liandong.core.db import on_data_changed

        for dotted in self.data_changed:
            on_data_changed(_lazy(dotted))

    def registrations(self) -> Registrations:
        return Registrations(
            label=self.label, url_prefix=self.url_prefix, api_routers=tuple(self.api_routers),
            audited_models=tuple(f"{self.label}.{m}" for m in self.audited_models), nav=tuple(self.nav),
            import_kinds=self.import_kinds, demo_steps=tuple(self.demo_steps),
            data_changed=tuple(self.data_changed), sections=tuple(self.sections),
        )


def _lazy(dotted: str) -> Callable[[], None]:
    def call() -> None:
        resolve(dotted)()

    call.__qualname__ = dotted
    return call


def liandong_apps() -> Iterator[LiandongApp]:
    """The installed Liandong apps, in ``INSTALLED_APPS`` order."""
    for config in apps.get_app_configs():
        if isinstance(config, LiandongApp):
            yield config


def nav_entries() -> list[NavEntry]:
    return sorted((entry for app in liandong_apps() for entry in app.nav), key=lambda e: e.order)


def page_sections(page: str) -> list[PageSection]:
    return sorted((s for app in liandong_apps() for s in app.sections if s.page == page), key=lambda s: s.order)


def render_sections(page: str, request: Any, obj: Any) -> list[str]:
    """The HTML of every app's sections of ``page`` about ``obj`` (the page's template shows them)."""
    out = []
    for section in page_sections(page):
        html = resolve(section.render)(request, obj)
        if html:
            out.append(html)
    return out


def demo_steps() -> list[DemoStep]:
    return sorted((step for app in liandong_apps() for step in app.demo_steps), key=lambda s: s.order)


def import_kinds() -> list[Any]:
    """Every app's import kinds, in app order (enterprises first: its kinds are the registry's)."""
    kinds: list[Any] = []
    for app in liandong_apps():
        if app.import_kinds:
            kinds.extend(resolve(app.import_kinds))
    return kinds
