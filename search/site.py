"""Site-wide search: the best few results of every registered kind, with their totals."""

from dataclasses import dataclass, field

from django.db import router

from . import common, registry
from .querysets import SearchableQuerySet
from .text import parse_query


@dataclass
class ResultGroup:
    model: type
    label: str
    count: int
    results: list = field(default_factory=list)


def site_search(query: str, *, limit: int = 5, models=None) -> list[ResultGroup]:
    """For each registered model (or those given): total matches and the top `limit`, ranked."""
    terms = parse_query(query)
    if not terms:
        return []
    regs = [r for r in registry.registrations() if models is None or r.model in models]
    # The commonest terms' bitmaps of every kind in one query (search.common): counted, not read.
    using = router.db_for_read(regs[0].model) if regs else "default"
    matched = common.bitmaps([reg.kind for reg in regs], terms, using=using)
    groups = []
    for reg in regs:
        qs = reg.queryset()
        if not isinstance(qs, SearchableQuerySet):
            raise TypeError(f"{reg.label}'s queryset must derive from SearchableQuerySet")
        found = qs.search(query).with_common_matches(matched.get(reg.kind))
        count = found.count()
        groups.append(
            ResultGroup(
                model=reg.model,
                label=str(reg.model._meta.verbose_name_plural),
                count=count,
                results=list(found[:limit]) if count else [],
            )
        )
    return groups
