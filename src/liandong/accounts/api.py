from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from ninja import Router, Schema

from liandong.accounts.models import ApiToken
from liandong.core.errors import ApplicationError

router = Router(tags=["auth"])


class Credentials(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str
    expires_at: str


class Unauthorized(ApplicationError):
    status = 401


class Locked(ApplicationError):
    status = 403


@router.post("/token", auth=None, response={200: TokenOut})
def token_create(request, credentials: Credentials):
    """Exchange a user name and password for a bearer token (locked out after 5 failures)."""
    user = authenticate(request, username=credentials.username, password=credentials.password)
    if getattr(request, "axes_locked_out", False):
        # django-axes refused (5 failures): answer in the API's error format; left set, the flag makes
        # AxesMiddleware replace this response with its HTML lockout page.
        request.axes_locked_out = False
        raise Locked(_("Too many failed logins: this account is locked for 30 minutes. Ask the district "
                       "administrator to unlock it sooner."), {"locked": True})
    if user is None or not user.is_active:
        raise Unauthorized(_("Wrong user name or password, or the account is locked."))
    token, raw = ApiToken.issue(user)
    return {"token": raw, "expires_at": token.expires_at.isoformat()}
