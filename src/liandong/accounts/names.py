"""Organisations by the name a file or a form writes (full name or short name), matched on the one
name rule of every import (engines.names.org_key: width, brackets and spaces do not matter)."""

from __future__ import annotations

from liandong.accounts.models import Organization
from liandong.engines.names import org_key


class OrganizationNames:
    """Read once per import: name or short name → organisation id."""

    def __init__(self):
        self.ids: dict[str, int] = {}
        rows = list(Organization.objects.values_list("id", "name", "short_name"))
        for pk, _name, short in rows:
            if short:
                self.ids.setdefault(org_key(short), pk)
        for pk, name, _short in rows:  # a full name wins over another's short name
            self.ids[org_key(name)] = pk

    def get(self, text: str | None) -> int | None:
        return self.ids.get(org_key(text)) if text else None

    def __contains__(self, text: str | None) -> bool:
        return self.get(text) is not None
