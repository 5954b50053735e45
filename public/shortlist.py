"""The visitor's shortlist: entries kept in the session across pages, exportable as CSV, and
shareable as a signed link that carries the list itself (nothing is stored on the server)."""

from django.apps import apps
from django.core import signing

SESSION_KEY = "shortlist"
MAX_ENTRIES = 100
SHARE_SALT = "atlas.shortlist.share"

# `<model_name>:<slug>` keys name an entry; these are the kinds a visitor may keep.
KINDS = {
    "vendor": "directory.Vendor",
    "aimodel": "directory.AIModel",
    "product": "directory.Product",
    "casestudy": "cases.CaseStudy",
}


def parse_key(key: str) -> tuple[str, str] | None:
    kind, _sep, slug = (key or "").partition(":")
    if kind not in KINDS or not slug or len(slug) > 120:
        return None
    return kind, slug


class Shortlist:
    def __init__(self, request):
        self.session = request.session

    @property
    def keys(self) -> list[str]:
        return list(self.session.get(SESSION_KEY, []))

    def __len__(self):
        return len(self.keys)

    def __contains__(self, key):
        return key in self.keys

    def add(self, key: str) -> bool:
        keys = self.keys
        if key in keys or len(keys) >= MAX_ENTRIES or parse_key(key) is None:
            return False
        self.session[SESSION_KEY] = [*keys, key]
        return True

    def remove(self, key: str) -> None:
        self.session[SESSION_KEY] = [k for k in self.keys if k != key]

    def clear(self) -> None:
        self.session.pop(SESSION_KEY, None)

    def entries(self) -> dict[str, list]:
        return entries_for(self.keys)

    def add_many(self, keys: list[str]) -> None:
        for key in keys:
            self.add(key)


def share_token(keys: list[str]) -> str:
    """A URL-safe token holding the keys, signed so that a shared link cannot be altered."""
    return signing.dumps(list(keys)[:MAX_ENTRIES], salt=SHARE_SALT, compress=True)


def keys_from_token(token: str) -> list[str] | None:
    """The keys of a shared link, or None when the token was altered or is not one."""
    try:
        keys = signing.loads(token, salt=SHARE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(keys, list):
        return None
    return [k for k in keys[:MAX_ENTRIES] if isinstance(k, str) and parse_key(k)]


def entries_for(keys: list[str]) -> dict[str, list]:
    """Published entries by kind (one query per kind), in the order they were added."""
    wanted: dict[str, list[str]] = {}
    for key in keys:
        parsed = parse_key(key)
        if parsed:
            wanted.setdefault(parsed[0], []).append(parsed[1])
    found = {}
    for kind, slugs in wanted.items():
        model = apps.get_model(KINDS[kind])
        queryset = model.objects.published().filter(slug__in=slugs)
        if kind in ("aimodel", "product"):
            queryset = queryset.select_related("vendor")
        elif kind == "casestudy":
            queryset = queryset.select_related("vertical")
        rows = {row.slug: row for row in queryset}
        found[kind] = [rows[slug] for slug in slugs if slug in rows]
    return found
