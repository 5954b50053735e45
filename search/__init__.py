"""The CJK-aware search index. Apps register their models in `AppConfig.ready()`:

    import search
    search.register(CaseStudy, title=["title_zh", "title_en"], summary=[...],
                    body=[..., search.Related("vendors")], boosts={"featured": 365},
                    date_field="published_at", queryset=lambda: CaseStudy.objects.published())

and their QuerySets derive from `search.querysets.SearchableQuerySet` to get `.search(q)`.
`search.site_search(q)` searches every registered model; `search.highlight(text, q)` marks
the matches in a snippet. This package imports no app.
"""

from .registry import Related, register
from .site import site_search
from .snippets import highlight

__all__ = ["Related", "highlight", "register", "site_search"]
