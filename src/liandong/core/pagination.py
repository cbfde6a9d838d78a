"""Pagination that stays fast deep into large tables.

``OFFSET n`` on the full row walks n rows; on the ``(name, id)`` index SQLite and PostgreSQL can skip
them without touching the table. So the page's primary keys are sliced first (an index-only scan),
then only those rows are loaded with their joins and prefetches.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


class KeysFirstPaginator(Paginator):
    """``load(keys)`` fetches the rows of one page. The keys come from the filtered, scoped query, so
    ``load`` need not repeat its filters (by default it does: ``object_list.filter(pk__in=keys)``)."""

    def __init__(self, object_list: QuerySet, per_page: int, *,
                 load: Callable[[list], Iterable] | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.load = load or (lambda keys: self.object_list.filter(pk__in=keys))

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.load(keys)}
        return self._get_page([rows[k] for k in keys], number, self)
