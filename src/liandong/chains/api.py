from typing import Any

from ninja import Router, Schema

from liandong.chains import selectors
from liandong.chains.analysis import chain_analysis

router = Router(tags=["chains"])


class ChainSummary(Schema):
    code: str
    name: str
    name_en: str
    description: str
    enterprises: int
    nodes: int


@router.get("", response=list[ChainSummary])
def chain_list(request):
    return selectors.chain_list(actor=request.auth)


@router.get("/{code}", response=dict[str, Any])
def chain_tree(request, code: str):
    """The chain's node tree (chain → stage → segment → sub-segment) with enterprise counts and edges."""
    return selectors.chain_tree(actor=request.auth, code=code)


@router.get("/{code}/analysis", response=dict[str, Any])
def chain_gap_analysis(request, code: str):
    """Per-node figures, statuses with reasons, and the complete 补链/强链/延链 lists
    (docs/cli.md#chains-analyze)."""
    return chain_analysis(actor=request.auth, code=code)
