from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language


def shortlist(request):
    """The shortlist's keys (read from the session only when a template asks for them), the URL
    its buttons post to (reversed once, not per button), and the language a name's "other"
    spelling is in."""
    from .shortlist import Shortlist

    def keys():
        return set(Shortlist(request).keys) if hasattr(request, "session") else set()

    english = (get_language() or "").startswith("en")
    return {
        "shortlist_keys": SimpleLazyObject(keys),
        # Lazy, then kept: a page without shortlist buttons (or a URLconf without them) never
        # reverses it.
        "shortlist_toggle_url": SimpleLazyObject(lambda: reverse("public:shortlist_toggle")),
        "other_language_code": "zh-Hans" if english else "en",
    }
