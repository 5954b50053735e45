"""Faceted list pages: a resource's FilterSet (the API's too) plus facet counts and paging.

Each facet's counts come from the set filtered by every *other* active facet, so choosing one
vertical still shows how many entries the other verticals would add (disjunctive faceting).
Counts and the total come from the resource's facet bitmaps (core.facets), intersected in
memory: their cost does not depend on how many entries exist. The page itself is one ordered,
sliced query, and paging stops at MAX_BROWSABLE entries (narrower filters reach the rest).
"""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import IntegerField, QuerySet, Subquery
from django.http import QueryDict
from django.utils.cache import patch_vary_headers
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from pyroaring import BitMap

from . import facets as facet_index
from .facets import Facet, FacetIndex

MAX_QUERY_LENGTH = 200
VISIBLE_OPTIONS = 8
MAX_BROWSABLE = 1000
PK_LIST_LIMIT = 2000  # a result this small is read by primary key
TRUE_VALUES = {"true", "1", "yes", "on"}
FALSE_VALUES = {"false", "0", "no", "off"}


class SubqueryCount(Subquery):
    """`(SELECT count(*) FROM (subquery))`: a per-row count with no GROUP BY on the outer query."""

    template = "(SELECT count(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset.order_by(), **kwargs)  # an ORDER BY inside a count is waste


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class FacetGroup:
    name: str
    label: str
    options: list[FacetOption] = field(default_factory=list)
    only: bool = False

    visible_count = VISIBLE_OPTIONS  # the rest are behind "n more"

    @property
    def visible(self):
        return self.options[:VISIBLE_OPTIONS]

    @property
    def more(self):
        return self.options[VISIBLE_OPTIONS:]

    @property
    def selected_count(self):
        return sum(option.selected for option in self.options)


def localized_label(zh: str, en: str) -> str:
    english = (get_language() or "").startswith("en")
    return (en or zh) if english else (zh or en)


class CountedPaginator(Paginator):
    """A paginator told its count (from the bitmaps) instead of asking the database."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count


def chosen_bitmap(index: FacetIndex, facet: Facet, values: list[str]) -> BitMap | None:
    """The entries a facet's chosen values let through (any of them), or None for no filter."""
    if facet.only is not None:
        value = values[-1].lower()
        if value in TRUE_VALUES:
            return index.bitmap(facet.name, "true")
        if value in FALSE_VALUES:
            return index.all - index.bitmap(facet.name, "true")
        return None
    return BitMap.union(BitMap(), *(index.bitmap(facet.name, value) for value in values))


class FacetedListView(TemplateView):
    """A published resource's list: `q`, facets, `ordering`, `page`, all held in the URL."""

    filterset_class = None
    paginate_by = 20
    template_name = "listing/page.html"
    partial_template = "listing/_listing.html"
    item_template = ""
    page_title = ""
    page_intro = ""
    compare_url_name = ""  # e.g. "public:compare_models": offer side-by-side comparison

    def get_base_queryset(self) -> QuerySet:
        return self.filterset_class._meta.model.objects.published()

    def with_list_relations(self, queryset: QuerySet) -> QuerySet:
        return queryset

    # -- state -------------------------------------------------------------------------------

    def clean_state(self):
        """The request's filters and a FilterSet bound to them: overlong queries are cut and
        invalid values dropped (listed in the second item), so the page shows what it applied."""
        names = set(self.filterset_class.base_filters)
        data = QueryDict(mutable=True)
        for key in self.request.GET:
            values = [v for v in self.request.GET.getlist(key) if v.strip()]
            if key in names and values:
                data.setlist(key, values)
        if "q" in data:
            data["q"] = data["q"].strip()[:MAX_QUERY_LENGTH]
        if not data.get("ordering"):
            data["ordering"] = "relevance"
        filterset = self.filterset_for(data)
        ignored = sorted(name for name in filterset.errors if name in data)
        if ignored:
            for name in ignored:
                data.pop(name)
            data.setdefault("ordering", "relevance")
            filterset = self.filterset_for(data)
        return data, filterset, ignored

    def filterset_for(self, data: QueryDict):
        return self.filterset_class(data, queryset=self.get_base_queryset(), request=self.request)

    # -- facets ------------------------------------------------------------------------------

    @property
    def facets(self) -> tuple[Facet, ...]:
        facets = facet_index.registration(self.filterset_class._meta.model).facets
        return tuple(facet for facet in facets if facet.listed)

    def narrowed(self, data: QueryDict, filterset, index: FacetIndex) -> BitMap:
        """The entries that `q` and the filters that are not facets let through."""
        facet_names = {f.name for f in self.facets}
        other = [n for n in data if n not in facet_names and n not in ("ordering", "page")]
        if not other:
            return index.all
        if other == ["q"]:
            # The index holds published entries only: ask it alone, from the bitmaps of the
            # commonest terms when every term is one, else from its matches.
            searched = self.get_base_queryset().search(data["q"])
            matched = getattr(searched, "search_match_bitmap", lambda: None)()
            if matched is not None:
                return index.all & matched
            match = getattr(searched, "search_match_sql", lambda: None)()
            if match is not None:
                return index.all & facet_index.sql_bitmap(*match, using=searched.db)
        rest = data.copy()
        for name in facet_names:
            rest.pop(name, None)
        rest["ordering"] = "relevance"
        return index.all & facet_index.pk_bitmap(self.filterset_for(rest).qs)

    def facet_groups(self, data: QueryDict, filterset, index: FacetIndex, base: BitMap):
        """Each facet's options counted within `base` and every *other* facet's choice."""
        chosen = {}
        for facet in self.facets:
            values = data.getlist(facet.name)
            bits = chosen_bitmap(index, facet, values) if values else None
            if bits is not None:
                chosen[facet.name] = bits
        groups = []
        for facet in self.facets:
            within = BitMap.intersection(
                base, *(bits for name, bits in chosen.items() if name != facet.name)
            )
            selected = set(data.getlist(facet.name))
            label = facet.label or filterset.filters[facet.name].label
            group = FacetGroup(facet.name, label, only=facet.only is not None)
            counts = {
                value: within.intersection_cardinality(bits)
                for value, bits in index.values.get(facet.name, {}).items()
            }
            if facet.only is not None:
                count = counts.get("true", 0)
                group.options = [FacetOption("true", label, count, bool(selected & TRUE_VALUES))]
            elif facet.terms is not None:
                group.options = self._term_options(facet, counts, selected)
            else:
                choices = dict(filterset.filters[facet.name].extra.get("choices") or [])
                group.options = [
                    FacetOption(value, str(text), counts.get(value, 0), value in selected)
                    for value, text in choices.items()
                    if counts.get(value) or value in selected
                ]
                if len(choices) > VISIBLE_OPTIONS:
                    group.options.sort(key=lambda o: (not o.selected, -o.count))
            groups.append(group)
        result = BitMap.intersection(base, *chosen.values())
        return groups, result

    @staticmethod
    def _term_options(facet: Facet, counts: dict, selected: set) -> list[FacetOption]:
        wanted = {value for value, n in counts.items() if n} | selected
        terms = facet.terms.objects.filter(slug__in=wanted).order_by("position", "slug")
        options = [
            FacetOption(
                term.slug,
                localized_label(term.name_zh, term.name_en),
                counts.get(term.slug, 0),
                term.slug in selected,
            )
            for term in terms.only("slug", "name_zh", "name_en", "position")
        ]
        seen = {o.value for o in options}
        # A chosen term with nothing left in it still shows (at 0) so it can be unticked.
        options += [FacetOption(v, v, 0, True) for v in sorted(selected - seen)]
        return options

    # -- response ----------------------------------------------------------------------------

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data, filterset, ignored = self.clean_state()
        index = facet_index.load(filterset._meta.model)
        base = self.narrowed(data, filterset, index)
        groups, result = self.facet_groups(data, filterset, index, base)
        total = len(result)
        queryset = filterset.qs
        if total <= PK_LIST_LIMIT and not data.get("q"):
            # The bitmaps already say which rows: fetch those in the asked order rather than
            # have the database re-evaluate every filter (a vendor's vertical is three EXISTS).
            ordering = queryset.query.order_by or queryset.model._meta.ordering
            base_rows = self.get_base_queryset()
            queryset = base_rows.filter(pk__in=facet_index.among(result, using=base_rows.db))
            queryset = queryset.order_by(*ordering)
        queryset = self.with_list_relations(queryset)
        paginator = CountedPaginator(queryset, self.paginate_by, count=min(total, MAX_BROWSABLE))
        page = paginator.get_page(self.request.GET.get("page"))
        state = data.copy()
        if state.get("ordering") == "relevance":
            state.pop("ordering")
        context.update(
            filterset=filterset,
            page_obj=page,
            object_list=page.object_list,
            paginator=paginator,
            total=total,
            truncated=total > MAX_BROWSABLE and not page.has_next(),
            max_browsable=MAX_BROWSABLE,
            facet_groups=groups,
            active_filters=self.active_filters(groups, state),
            ignored_filters=ignored,
            query=data.get("q", ""),
            ordering=data.get("ordering"),
            ordering_choices=filterset.filters["ordering"].extra["choices"],
            state_query=state.urlencode(),
            item_template=self.item_template,
            page_title=self.page_title,
            page_intro=self.page_intro,
            compare_url_name=self.compare_url_name,
            partial_template=self.partial_template,
        )
        return context

    @staticmethod
    def active_filters(groups: list[FacetGroup], state: QueryDict) -> list[dict]:
        """Chips for each chosen facet value, each with the URL that removes it."""
        chips = []
        for group in groups:
            for option in group.options:
                if not option.selected:
                    continue
                rest = state.copy()
                rest.setlist(
                    group.name, [v for v in state.getlist(group.name) if v != option.value]
                )
                label = option.label if group.only else f"{group.label}: {option.label}"
                chips.append({"label": label, "remove_query": rest.urlencode()})
        if state.get("q"):
            rest = state.copy()
            rest.pop("q")
            chips.insert(
                0, {"label": _("Search: %s") % state["q"], "remove_query": rest.urlencode()}
            )
        return chips

    def render_to_response(self, context, **kwargs):
        htmx = getattr(self.request, "htmx", None)
        if htmx and not htmx.history_restore_request:
            self.template_name = self.partial_template
        response = super().render_to_response(context, **kwargs)
        patch_vary_headers(response, ["HX-Request"])
        return response
