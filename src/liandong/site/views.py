from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from liandong.accounts import scoping
from liandong.site.selectors import district_overview, enterprise_home


@login_required
def home(request):
    """District figures for district staff; an enterprise user's own enterprise card (review #13 item 14)."""
    if not scoping.reads_whole_district(request.user):
        return render(request, "site/enterprise_home.html", {"home": enterprise_home(actor=request.user)})
    overview = district_overview(actor=request.user)
    chart = {"names": [c["name"] for c in overview["chains"]], "values": [c["enterprises"] for c in overview["chains"]]}
    return render(request, "site/home.html", {"overview": overview, "chain_chart": chart})
