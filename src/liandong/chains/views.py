"""Chain pages: the district overview, each chain's map with its gap analysis, a node's enterprises,
and the 招商目录 export."""

from __future__ import annotations

import math

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from liandong.accounts import scoping
from liandong.chains import selectors, statuses
from liandong.chains.analysis import chain_analyses
from liandong.chains.catalogue import catalogue_workbook
from liandong.core.responses import xlsx_response

STATUS_ORDER = statuses.ORDER  # names, labels and colours of a node's status: chains/statuses.py
STATUS_COLORS = statuses.COLORS
STAGE_COLUMN = {"upstream": 0, "midstream": 1, "downstream": 2}


def _analysis_or_404(request, code: str) -> tuple[dict, dict]:
    """The chain's structure and its analysis; node figures on the page come from the analysis."""
    tree = selectors.chain_tree(actor=request.user, code=code, counts=False)
    analysis = chain_analyses(actor=request.user)[tree["code"]]
    figures = {n["code"]: n for n in analysis["nodes"]}

    def fill(node: dict) -> None:
        row = figures.get(node["code"])
        if row:
            node.update(enterprises_total=row["enterprises"], above_scale_total=row["above_scale"],
                        status=row["status"])
        for child in node["children"]:
            fill(child)

    if tree["tree"]:
        fill(tree["tree"])
    tree["enterprises"] = analysis["summary"]["enterprises"]
    tree["above_scale"] = analysis["summary"]["above_scale"]
    return tree, analysis


def _staff(request) -> bool:
    """Gap analysis, its lists and the 招商目录 are district views for district staff; enterprise users
    see the chains' public outline with their own and neighbour nodes (review #13 item 14)."""
    return scoping.reads_whole_district(request.user)


@login_required
def chain_index(request):
    if not _staff(request):
        return render(request, "chains/outline_index.html", {"chains": selectors.enterprise_chains(actor=request.user)})
    chains = selectors.chain_list(actor=request.user)
    analyses = chain_analyses(actor=request.user)
    overview = []
    for c in chains:
        nodes = analyses[c["code"]]["nodes"]
        counts = {s: sum(1 for n in nodes if n["status"] == s) for s in STATUS_ORDER}
        overview.append({**c, "status_counts": counts, "fill": len(analyses[c["code"]]["fill"]),
                         "strengthen": len(analyses[c["code"]]["strengthen"]),
                         "extend": len(analyses[c["code"]]["extend"])})
    chart = {"chains": [c["name"] for c in overview],
             "series": [{"status": s, "color": STATUS_COLORS[s], "values": [c["status_counts"][s] for c in overview]}
                        for s in STATUS_ORDER]}
    return render(request, "chains/index.html", {"chains": overview, "status_chart": chart,
                                                 "statuses": STATUS_ORDER, "colors": STATUS_COLORS,
                                                 "status_labels": statuses.labels()})


@login_required
def chain_detail(request, code: str):
    if not _staff(request):
        return _outline_page(request, code)
    tree, analysis = _analysis_or_404(request, code)
    stages = tree["tree"]["children"] if tree["tree"] else []
    return render(request, "chains/detail.html", {
        "chain": tree, "stages": stages, "chains": selectors.chain_list(actor=request.user),
        "analysis": analysis, "graph": _map(tree, analysis), "colors": STATUS_COLORS, "statuses": STATUS_ORDER,
        "status_labels": statuses.labels(),
        "lists": [("fill", _("Fill (补链)"), analysis["fill"]), ("strengthen", _("Strengthen (强链)"), analysis["strengthen"]),
                  ("extend", _("Extend (延链)"), analysis["extend"])],
    })


@login_required
def chain_node(request, code: str, node: str):
    if not _staff(request):
        outline = selectors.node_outline(actor=request.user, code=code, node_code=node)
        return render(request, "chains/_outline_panel.html", {"node": outline})
    tree, analysis = _analysis_or_404(request, code)
    row = next((n for n in analysis["nodes"] if n["code"] == node), None)
    if row is None:
        raise Http404
    return render(request, "chains/_node_panel.html", {
        "chain": tree, "node": row, "enterprises": selectors.node_enterprises(actor=request.user, node_code=node),
        "colors": STATUS_COLORS,
    })


@login_required
def chain_catalogue(request, code: str):
    if not _staff(request):
        raise PermissionDenied(_("The investment-attraction catalogue is for district staff."))
    tree, analysis = _analysis_or_404(request, code)
    stamp = timezone.localdate().strftime("%Y%m%d")
    return xlsx_response(catalogue_workbook(analysis), f"liandong-{tree['code']}-catalogue-{stamp}.xlsx")


def _map(tree: dict, analysis: dict) -> dict:
    """ECharts graph: columns upstream → midstream → downstream (sub-segments right of their segment),
    nodes coloured by status and sized by output share; other chains' nodes as a hideable category."""
    # Rows run down each stage in tree order: a segment sits level with its first sub-segment.
    rows: dict[str, int] = {}
    has_children = {n["parent"] for n in analysis["nodes"] if n.get("level", 2) > 2}
    nodes, links, by_code = [], [], {}
    for n in analysis["nodes"]:
        level = n.get("level", 2)
        column = STAGE_COLUMN.get(n["stage"], 1) * 3 + (1.3 if level > 2 else 0)
        y = rows.get(n["stage"], 0)
        if level > 2 or n["code"] not in has_children:
            rows[n["stage"]] = y + 1
        share = n.get("output_share") or 0.0
        label = n["name"] + (" ★" if n.get("masters") else "")
        nodes.append({"id": n["code"], "name": label, "x": column * 100, "y": y * 28,
                      "symbolSize": round(8 + 40 * math.sqrt(share), 1), "category": STATUS_ORDER.index(n["status"]),
                      "value": n["enterprises"], "reason": n["reason"], "status": n["status"],
                      "itemStyle": {"color": STATUS_COLORS[n["status"]]}})
        by_code[n["code"]] = n
        if n.get("parent") and n.get("level", 2) > 2:
            links.append({"source": n["parent"], "target": n["code"],
                          "lineStyle": {"type": "dashed", "color": "#ccc", "curveness": 0}})
    external = len(STATUS_ORDER)
    ext_rows = {"in": 0, "out": 0}
    placed = set(by_code)
    for e in tree["edges"]:
        for end, side in ((e["source"], "in"), (e["target"], "out")):
            if end not in placed:
                placed.add(end)
                x = -150 if side == "in" else 9 * 100
                name = e["source_name"] if side == "in" else e["target_name"]
                nodes.append({"id": end, "name": name, "x": x, "y": ext_rows[side] * 28, "symbolSize": 8,
                              "category": external, "itemStyle": {"color": "#8e99a8"}, "external": True})
                ext_rows[side] += 1
        links.append({"source": e["source"], "target": e["target"],
                      "lineStyle": {"color": "#8e99a8" if e["cross_chain"] else "#5b7ba3", "curveness": 0.15,
                                    "type": "dotted" if e["cross_chain"] else "solid"}})
    return {"nodes": nodes, "links": links, "categories": [*STATUS_ORDER, "external"]}


# --- the enterprise user's chain page --------------------------------------------------------------
OUTLINE_COLORS = {"own": "#c62828", "upstream": "#1f6feb", "downstream": "#2e7d32", "other": "#b0bec5"}


def _outline_page(request, code: str):
    """The chain's outline for an enterprise user: stages upstream → downstream, its own nodes
    highlighted, the nodes that supply them and that they supply; no counts, statuses or gap lists."""
    outline = selectors.enterprise_outline(actor=request.user, code=code)
    stages = outline["tree"]["children"] if outline["tree"] else []
    marks = _marks(outline)
    return render(request, "chains/outline.html", {
        "chain": outline, "stages": stages, "chains": selectors.chain_list(actor=request.user),
        "graph": _outline_map(outline, marks), "colors": OUTLINE_COLORS, "marks": marks,
    })


def _marks(outline: dict) -> dict[str, str]:
    """Node code → own / within (a segment holding one of its nodes) / upstream / downstream."""
    marks = {n["code"]: "upstream" for n in outline["upstream"]}
    marks.update({n["code"]: "downstream" for n in outline["downstream"]})
    marks.update({c: "within" for c in outline["family_codes"]
                  if any(own.startswith(c + ".") for own in outline["own_codes"])})
    marks.update({c: "own" for c in outline["own_codes"]})
    return marks


def _outline_map(outline: dict, marks: dict[str, str]) -> dict:
    """ECharts graph of the outline in the gap map's layout (columns upstream → midstream → downstream,
    sub-segments right of their segment), coloured by the enterprise's relation to each node."""
    reasons = {n["code"]: _("Supplies your node %(node)s") % {"node": n["via"]} for n in outline["upstream"]}
    reasons.update({n["code"]: _("Your node %(node)s supplies it") % {"node": n["via"]} for n in outline["downstream"]})
    reasons.update({c: _("Holds a node of your enterprise") for c, m in marks.items() if m == "within"})
    reasons.update({c: _("Your enterprise is here") for c in outline["own_codes"]})
    nodes, links, rows, placed = [], [], {}, set()

    def walk(node: dict, stage: str) -> None:
        level = node["level"]
        if level >= 2:
            column = STAGE_COLUMN.get(stage, 1) * 3 + (1.3 if level > 2 else 0)
            y = rows.get(stage, 0)
            if level > 2 or not node["children"]:
                rows[stage] = y + 1
            mark = marks.get(node["code"], "other")
            nodes.append({"id": node["code"], "name": node["name"], "x": column * 100, "y": y * 28,
                          "symbolSize": {"own": 22, "within": 13, "other": 9}.get(mark, 15),
                          "reason": reasons.get(node["code"], ""),
                          "itemStyle": {"color": OUTLINE_COLORS["own" if mark == "within" else mark]}})
            placed.add(node["code"])
            if level > 2:
                links.append({"source": node["parent_code"], "target": node["code"],
                              "lineStyle": {"type": "dashed", "color": "#ccc", "curveness": 0}})
        for child in node["children"]:
            walk({**child, "parent_code": node["code"]}, child["stage"] or stage)

    if outline["tree"]:
        walk(outline["tree"], "")
    ext_rows = {"in": 0, "out": 0}
    for e in outline["edges"]:
        for end, side in ((e["source"], "in"), (e["target"], "out")):
            if end not in placed:
                placed.add(end)
                name = e["source_name"] if side == "in" else e["target_name"]
                mark = marks.get(end, "other")
                nodes.append({"id": end, "name": name, "x": -150 if side == "in" else 900, "y": ext_rows[side] * 28,
                              "symbolSize": 8 if mark == "other" else 15, "reason": reasons.get(end, ""),
                              "itemStyle": {"color": "#8e99a8" if mark == "other"
                                            else OUTLINE_COLORS["own" if mark == "within" else mark]},
                              "external": True})
                ext_rows[side] += 1
        links.append({"source": e["source"], "target": e["target"],
                      "lineStyle": {"color": "#8e99a8" if e["cross_chain"] else "#5b7ba3", "curveness": 0.15,
                                    "type": "dotted" if e["cross_chain"] else "solid"}})
    return {"nodes": nodes, "links": links}
