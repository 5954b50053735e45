"""`QuerySet.search(q)`: filter to the matching rows and return them in rank order.

The result is an ordinary, chainable queryset (filter it, count it, facet it with
`.order_by().values(...).annotate(...)`): the match is a `pk IN (index subquery)` filter.
What is special is how it is *read*: a page (`qs[a:b]`, as Paginator and DRF take it) is
fetched by walking the index in rank order (the title, summary and all matches, each
`ORDER BY id DESC LIMIT b`), then loading only those rows; `count()` of an unfiltered
search is a count on the index alone. Filters added after `search()` are honoured by
restricting the walk to the filtered pks. An explicit
`order_by()` after `search()` replaces the rank ordering. Each object read this way carries
`search_rank` (higher is better).
"""

from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections
from django.db.models.expressions import RawSQL
from django.db.models.query import ModelIterable, QuerySet
from django.db.models.sql.where import WhereNode

from . import common, registry
from .backends import backend_for
from .text import Term, exact_key, parse_query


@dataclass(frozen=True)
class SearchState:
    kind: int
    terms: tuple[Term, ...]
    ordering: tuple
    unfiltered: bool
    exact: str = ""  # the query as a whole name (text.exact_key): such matches rank first


class SearchableQuerySet(QuerySet):
    """Mix into a model's QuerySet (before the other bases) to give it `.search(q)`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._search_state: SearchState | None = None
        self._common_matches = _UNKNOWN  # search.common's bitmap (or None), once looked up

    def search(self, query: str):
        """Rows matching every term of `query`, best first; a blank query changes nothing."""
        terms = parse_query(query)
        if not terms:
            return self._chain()
        reg = registry.get(self.model)
        unfiltered = self._search_state is None and _where_sql(self) in _plain_where_sqls(self)
        backend = backend_for(connections[self.db])
        sql, params = backend.match_sql(reg.kind, terms)
        clone = self.filter(pk__in=SearchMatch(sql, params))
        exact = exact_key(query)
        if self._search_state is not None:  # searching within a search: AND the terms
            terms = self._search_state.terms + terms
            unfiltered, exact = False, ""
        clone._common_matches = _UNKNOWN
        clone._search_state = SearchState(
            kind=reg.kind,
            terms=terms,
            ordering=_ordering(clone),
            unfiltered=unfiltered,
            exact=exact,
        )
        return clone

    def search_match_sql(self) -> tuple[str, list] | None:
        """SQL selecting the pks (possibly repeated) this search matches in the index alone."""
        if self._search_state is None:
            return None
        backend = backend_for(connections[self.db])
        return backend.match_sql(self._search_state.kind, self._search_state.terms)

    def search_match_bitmap(self):
        """The pks this search matches, as a bitmap, when every term is a common one
        (search.common); None otherwise (read `search_match_sql()` then)."""
        if self._search_state is None:
            return None
        if self._common_matches is _UNKNOWN:
            state = self._search_state
            self._common_matches = common.bitmap(state.kind, state.terms, using=self.db)
        return self._common_matches

    def with_common_matches(self, matched):
        """This search, told search.common's answer already (looked up for several kinds at
        once by site_search): `matched` is the bitmap, or None when a term is not common."""
        clone = self._chain()
        clone._common_matches = matched
        return clone

    @property
    def search_terms(self):
        return self._search_state.terms if self._search_state else ()

    def _clone(self):
        clone = super()._clone()
        clone._search_state = self._search_state
        clone._common_matches = self._common_matches
        return clone

    def _filter_or_exclude(self, negate, args, kwargs):
        clone = super()._filter_or_exclude(negate, args, kwargs)
        if clone._search_state is not None and (args or kwargs):
            clone._search_state = _replace(clone._search_state, unfiltered=False)
        return clone

    def _chain_without_search(self):
        clone = self._chain()
        clone._search_state = None
        clone.query.clear_limits()
        clone.query.clear_ordering(force=True)
        clone._prefetch_related_lookups = ()
        return clone

    def _ranked_read(self) -> bool:
        query = self.query
        return (
            self._search_state is not None
            and self._iterable_class is ModelIterable
            and not query.is_empty()
            and not query.combinator
            and not query.distinct
            and _ordering(self) == self._search_state.ordering
        )

    def _pristine(self) -> bool:
        """No filter, join or extra since search(): the index alone answers."""
        return (
            self._search_state.unfiltered
            and not self.query.is_empty()
            and not self.query.combinator
            and not self.query.extra
        )

    def count(self):
        if self._result_cache is None and self._search_state is not None and self._pristine():
            matched = self.search_match_bitmap()
            if matched is not None:
                total = len(matched)
            else:
                connection = connections[self.db]
                with connection.cursor() as cursor:
                    total = backend_for(connection).count(
                        cursor, self._search_state.kind, self._search_state.terms
                    )
            low, high = self.query.low_mark, self.query.high_mark
            total = max(0, total - low)
            return total if high is None else min(total, high - low)
        return super().count()

    def exists(self):
        if (
            self._result_cache is None
            and self._search_state is not None
            and self._pristine()
            and not self.query.is_sliced
        ):
            connection = connections[self.db]
            with connection.cursor() as cursor:
                state = self._search_state
                return bool(backend_for(connection).ranked(cursor, state.kind, state.terms, 1))
        return super().exists()

    def _fetch_all(self):
        if self._result_cache is None and self._ranked_read():
            self._result_cache = self._fetch_ranked()
            if self._prefetch_related_lookups and not self._prefetch_done:
                self._prefetch_related_objects()
        super()._fetch_all()

    def _fetch_ranked(self) -> list:
        state = self._search_state
        low, high = self.query.low_mark, self.query.high_mark
        connection = connections[self.db]
        backend = backend_for(connection)
        plain = self._chain_without_search()
        # The walk below finds the matches: the `pk IN (match)` filter would only redo it.
        plain.query.where = _without_match(plain.query.where)
        within = None
        if not self._pristine():
            within = plain.values("pk").query.get_compiler(using=self.db).as_sql()
        # Three walks (title, summary, anywhere) of at most `high` matches each, best first.
        with connection.cursor() as cursor:
            found = backend.ranked(
                cursor, state.kind, state.terms, limit=high, within=within, exact=state.exact
            )
        ranks: dict[int, int] = {}
        for pk, rank in found:
            ranks.setdefault(pk, rank)
        pks = list(ranks)[low:high]
        if not pks:
            return []
        if high is None and len(pks) > 500:
            # Everything: load the filtered matches with one query rather than a huge IN list.
            objs = list(self._chain_without_search())
        else:
            objs = list(plain.filter(pk__in=pks))
        by_pk = {obj.pk: obj for obj in objs}
        ordered = []
        for pk in pks:
            obj = by_pk.get(pk)
            if obj is not None:
                obj.search_rank = ranks[pk]
                ordered.append(obj)
        return ordered


_UNKNOWN = object()


class SearchMatch(RawSQL):
    """The `pk IN (…)` subquery of a search, recognisable in a query's WHERE tree."""


def _without_match(node):
    """A copy of a WHERE tree without the search's match filter."""
    clone = node.__class__(connector=node.connector, negated=node.negated)
    for child in node.children:
        if isinstance(getattr(child, "rhs", None), SearchMatch):
            continue
        clone.children.append(_without_match(child) if isinstance(child, WhereNode) else child)
    return clone


def _replace(state: SearchState, **changes) -> SearchState:
    return SearchState(**{**state.__dict__, **changes})


def _ordering(qs) -> tuple:
    query = qs.query
    return (tuple(query.order_by), tuple(query.extra_order_by), query.default_ordering)


def _where_sql(qs) -> tuple:
    query = qs.query
    if query.is_empty() or query.combinator or query.extra or query.distinct:
        return ("<special>", id(qs))
    compiler = query.get_compiler(using=qs.db)
    try:
        sql, params = compiler.compile(query.where)
    except FullResultSet:
        return ("", ())
    except EmptyResultSet:
        return ("<empty>", id(qs))
    return (sql, tuple(params))


_plain_cache: dict = {}


def _plain_where_sqls(qs) -> list:
    """Base querysets whose rows are exactly the indexed ones: all rows, or the public ones."""
    key = (qs.model, qs.db, connections[qs.db].vendor)
    if key not in _plain_cache:
        reg = registry.get(qs.model)
        manager = qs.model._default_manager.db_manager(qs.db)
        _plain_cache[key] = [_where_sql(manager.all()), _where_sql(reg.queryset().using(qs.db))]
    return _plain_cache[key]
