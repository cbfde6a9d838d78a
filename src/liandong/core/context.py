from django.conf import settings
from django.http import HttpRequest

from liandong.accounts.scoping import actor_role_label, can_read_statistics, reads_whole_district
from liandong.appeals.selectors import unread_count


def site(request: HttpRequest) -> dict:
    """Template context shared by every page: site name, the actor's role label and which
    sections the navigation offers."""
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return {
        "can_read_statistics": signed_in and can_read_statistics(user),
        "is_district_staff": signed_in and reads_whole_district(user),  # 导入 and other district views
        "unread_notifications": unread_count(user) if signed_in else 0,
        "SITE_NAME": settings.SITE_NAME,
        "ACTOR_ROLE": actor_role_label(user) if signed_in else "",
    }
