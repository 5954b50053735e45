"""Faceted list pages: a resource's FilterSet (the API's too) plus live facet counts and paging.

Each facet's counts come from the set filtered by every *other* active facet, so choosing one
vertical still shows how many entries the other verticals would add (disjunctive faceting).
The query count depends on the number of facets, never on the page size.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, Q, QuerySet, Subquery
from django.http import QueryDict
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

MAX_QUERY_LENGTH = 200
VISIBLE_OPTIONS = 8


class SubqueryCount(Subquery):
    """`(SELECT count(*) FROM (subquery))`: a per-row count with no GROUP BY on the outer query."""

    template = "(SELECT count(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()


@dataclass(frozen=True)
class Facet:
    """One facet of a list page, named after its FilterSet parameter.

    Give exactly one of `field` (a choice field path such as "vendor__kind"), `relation`
    (a taxonomy relation such as "verticals": options carry their zh/en names), `only`
    (a condition: the facet is one "only …" checkbox sending `true`) or `counter`
    (a function of the filtered queryset and the chosen values, returning `FacetOption`s).
    """

    name: str
    field: str = ""
    relation: str = ""
    only: Q | None = None
    counter: Callable[[QuerySet, set], list] | None = None
    label: str = ""


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


class FacetedListView(TemplateView):
    """A published resource's list: `q`, facets, `ordering`, `page`, all held in the URL."""

    filterset_class = None
    facets: tuple[Facet, ...] = ()
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

    def facet_groups(self, data: QueryDict, filtered: QuerySet, filterset) -> list[FacetGroup]:
        groups = []
        model = filtered.model
        for facet in self.facets:
            if data.getlist(facet.name):
                without = data.copy()
                without.pop(facet.name)
                base = self.filterset_for(without).qs
            else:
                base = filtered
            ids = model.objects.filter(pk__in=base.order_by().values("pk"))
            selected = set(data.getlist(facet.name))
            label = facet.label or filterset.filters[facet.name].label
            group = FacetGroup(facet.name, label, only=facet.only is not None)
            if facet.only is not None:
                count = ids.filter(facet.only).count()
                group.options = [FacetOption("true", label, count, "true" in selected)]
            elif facet.counter is not None:
                group.options = facet.counter(ids, selected)
            elif facet.relation:
                group.options = self._relation_options(ids, facet.relation, selected)
            else:
                counts = dict(
                    ids.order_by()
                    .values_list(facet.field)
                    .annotate(n=Count("pk", distinct=True))
                    .values_list(facet.field, "n")
                )
                choices = dict(filterset.filters[facet.name].extra.get("choices") or [])
                group.options = [
                    FacetOption(value, str(text), counts.get(value, 0), value in selected)
                    for value, text in choices.items()
                    if counts.get(value) or value in selected
                ]
                if len(choices) > VISIBLE_OPTIONS:
                    group.options.sort(key=lambda o: (not o.selected, -o.count))
            groups.append(group)
        return groups

    @staticmethod
    def _relation_options(ids: QuerySet, relation: str, selected: set) -> list[FacetOption]:
        slug, zh, en, pos = (f"{relation}__{f}" for f in ("slug", "name_zh", "name_en", "position"))
        rows = (
            ids.order_by()
            .exclude(**{f"{slug}__isnull": True})
            .values(slug, zh, en, pos)
            .annotate(n=Count("pk", distinct=True))
            .order_by(pos, slug)
        )
        options = [
            FacetOption(r[slug], localized_label(r[zh], r[en]), r["n"], r[slug] in selected)
            for r in rows
        ]
        seen = {o.value for o in options}
        # A chosen term with nothing left in it still shows (at 0) so it can be unticked.
        options += [FacetOption(v, v, 0, True) for v in sorted(selected - seen)]
        return options

    # -- response ----------------------------------------------------------------------------

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data, filterset, ignored = self.clean_state()
        queryset = self.with_list_relations(filterset.qs)
        page = Paginator(queryset, self.paginate_by).get_page(self.request.GET.get("page"))
        groups = self.facet_groups(data, filterset.qs, filterset)
        state = data.copy()
        if state.get("ordering") == "relevance":
            state.pop("ordering")
        context.update(
            filterset=filterset,
            page_obj=page,
            object_list=page.object_list,
            paginator=page.paginator,
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
