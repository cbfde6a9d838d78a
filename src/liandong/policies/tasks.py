"""Background jobs of the policies app (Huey)."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from liandong.accounts.scoping import SYSTEM


@db_task()
def warm_policy_screening() -> None:
    """After the data changed, screen the district against every pack for today into the cache, so the
    policy pages open at once (at 100,000 enterprises reading the facts takes seconds)."""
    from liandong.policies.screening import screening

    screening(actor=SYSTEM)


def queue_warm_policy_screening() -> None:
    warm_policy_screening()
