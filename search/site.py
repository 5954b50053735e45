"""Site-wide search: the best few results of every registered kind, with their totals."""

from dataclasses import dataclass, field

from . import registry
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
    if not parse_query(query):
        return []
    groups = []
    for reg in registry.registrations():
        if models is not None and reg.model not in models:
            continue
        qs = reg.queryset()
        if not isinstance(qs, SearchableQuerySet):
            raise TypeError(f"{reg.label}'s queryset must derive from SearchableQuerySet")
        found = qs.search(query)
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
