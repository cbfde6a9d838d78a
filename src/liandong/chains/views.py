from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from liandong.chains import selectors
from liandong.core.errors import NotFoundError


@login_required
def chain_index(request):
    return render(request, "chains/index.html", {"chains": selectors.chain_list(actor=request.user)})


@login_required
def chain_detail(request, code: str):
    try:
        tree = selectors.chain_tree(actor=request.user, code=code)
    except NotFoundError:
        raise Http404 from None
    stages = tree["tree"]["children"] if tree["tree"] else []
    return render(request, "chains/detail.html", {
        "chain": tree, "stages": stages, "chains": selectors.chain_list(actor=request.user),
        "graph": _graph(tree),
    })


def _graph(tree: dict) -> dict:
    """ECharts tree data: chain → stages → segments → sub-segments, valued by enterprise count."""

    def convert(node: dict) -> dict:
        label = f"{node['name']}（{node.get('enterprises_total', 0)}）" if node["level"] else node["name"]
        out = {"name": label, "value": node.get("enterprises_total", 0), "code": node["code"],
               "children": [convert(c) for c in node["children"]]}
        if node["level"] >= 2 and not node.get("enterprises_total"):
            out["itemStyle"] = {"color": "#bbb", "borderColor": "#bbb"}
        return out

    return convert(tree["tree"]) if tree["tree"] else {}
