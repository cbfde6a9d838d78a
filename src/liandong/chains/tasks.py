"""Background jobs of the chains app (Huey)."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from liandong.accounts.scoping import SYSTEM


@db_task()
def warm_chain_analyses() -> None:
    """Recompute the district-wide chain analyses into the cache after the data changed."""
    from liandong.chains.analysis import chain_analyses

    chain_analyses(actor=SYSTEM)


def queue_warm_chain_analyses() -> None:
    warm_chain_analyses()
