from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from liandong.notifications import selectors, services


@login_required
def notification_page(request):
    """The bell's page: the actor's last hundred notifications; POST marks them all read."""
    if request.method == "POST":
        services.mark_all_read(actor=request.user)
        return redirect("notifications")
    return render(request, "notifications/list.html", {"items": selectors.notification_list(actor=request.user, limit=100)})
