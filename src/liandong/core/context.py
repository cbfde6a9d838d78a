from django.conf import settings
from django.http import HttpRequest

from liandong.accounts.scoping import actor_role_label


def site(request: HttpRequest) -> dict:
    """Template context shared by every page: site name and the actor's role label."""
    user = getattr(request, "user", None)
    return {
        "SITE_NAME": settings.SITE_NAME,
        "ACTOR_ROLE": actor_role_label(user) if user is not None and user.is_authenticated else "",
    }
