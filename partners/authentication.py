"""`X-API-Key: atlas_…` identifies a partner; no header means an anonymous (low-rate) reader."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication

from .services import api_key_find

HEADER = "X-API-Key"


class Partner:
    """The `request.user` of a request made with a key (no Django account behind it)."""

    is_authenticated = True
    is_anonymous = False
    is_staff = False
    is_superuser = False
    pk = id = None

    def __init__(self, key):
        self.key = key
        self.username = key.owner

    def __str__(self) -> str:
        return self.username

    def has_perm(self, perm, obj=None) -> bool:
        return False


class KeyRevoked(exceptions.PermissionDenied):
    default_detail = _("This API key has been revoked.")
    default_code = "key_revoked"


class APIKeyAuthentication(BaseAuthentication):
    def authenticate(self, request):
        raw = request.headers.get(HEADER)
        if raw is None:
            return None
        raw = raw.strip()
        key = api_key_find(raw) if raw else None
        if key is None:
            raise exceptions.AuthenticationFailed(_("Unknown API key."), code="key_unknown")
        if key.is_revoked:
            raise KeyRevoked()
        return Partner(key), key

    def authenticate_header(self, request):
        return f'{HEADER} realm="api"'
