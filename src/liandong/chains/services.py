"""Writes of the chains: placing an enterprise on a node (a position). Audited; the chain analyses
are recomputed after commit (``core.db.data_changed``)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from liandong.accounts import scoping
from liandong.chains.models import ChainNode, EnterprisePosition
from liandong.core.audit import audited
from liandong.core.db import data_changed
from liandong.core.errors import PermissionDeniedError
from liandong.enterprises.models import Enterprise


def place_enterprise(*, actor, enterprise: Enterprise, node: ChainNode, role: str = EnterprisePosition.Role.SUPPORTING,
                     products: str = "") -> EnterprisePosition:
    """Put ``enterprise`` on ``node`` (today's position; an existing one is kept as it is)."""
    if not scoping.can_edit_chain(actor, node.chain_id):
        raise PermissionDeniedError(_("You may not change this chain."))
    with transaction.atomic(), audited(actor):
        position = EnterprisePosition.objects.filter(enterprise=enterprise, node=node).first()
        if position is None:
            position = EnterprisePosition.objects.create(enterprise=enterprise, node=node, chain_id=node.chain_id,
                                                         role=role, products=products[:300])
            transaction.on_commit(data_changed)
    return position
