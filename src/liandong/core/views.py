from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from liandong.core.selectors import district_overview


@login_required
def home(request):
    overview = district_overview(actor=request.user)
    chart = {"names": [c["name"] for c in overview["chains"]], "values": [c["enterprises"] for c in overview["chains"]]}
    return render(request, "core/home.html", {"overview": overview, "chain_chart": chart})
