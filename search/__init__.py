"""The CJK-aware search index. Apps register their models in `AppConfig.ready()`:

    import search
    search.register(CaseStudy, title=["title_zh", "title_en"], summary=[...], body=[...],
                    boosts={"featured": 180}, date_field="published_at",
                    queryset=lambda: CaseStudy.objects.published())

and their QuerySets derive from `search.querysets.SearchableQuerySet` to get `.search(q)`.
This package imports no app.
"""

from .registry import Related

__all__ = ["Related", "highlight", "register", "site_search"]


def register(model, **options):
    from .registry import register as _register

    return _register(model, **options)


def site_search(query, **options):
    from .site import site_search as _site_search

    return _site_search(query, **options)


def highlight(text, query, **options):
    from .highlight import highlight as _highlight

    return _highlight(text, query, **options)
