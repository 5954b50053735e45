"""The visitor's shortlist: entries kept in the session across pages, exportable as CSV."""

from django.apps import apps

SESSION_KEY = "shortlist"
MAX_ENTRIES = 100

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
        """Published entries by kind (one query per kind), in the order they were added."""
        wanted: dict[str, list[str]] = {}
        for key in self.keys:
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
