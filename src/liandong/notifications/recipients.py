"""Who to tell: the users of a department or of enterprises (accounts.User), for every app's notices."""

from __future__ import annotations

from liandong.accounts.models import User


def department_users(org_id: int | None, *, heads_only: bool = False) -> list[User]:
    if not org_id:
        return []
    qs = User.objects.filter(is_active=True, role=User.Role.DEPARTMENT, organization_id=org_id)
    return list(qs.filter(is_department_head=True) if heads_only else qs)


def enterprise_users(enterprise_ids) -> list[User]:
    """The active users of these enterprises."""
    return list(User.objects.filter(is_active=True, role=User.Role.ENTERPRISE, enterprise_id__in=list(enterprise_ids)))
