"""Pages across every resource: home, search, shortlist, compare, suggest, robots.txt."""

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.db.models import OuterRef, Prefetch
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView

import search
from cases.models import CaseStudy
from core import facets, spreadsheet
from core.listing import MAX_QUERY_LENGTH, SubqueryCount
from core.models import Tier
from core.views import PublicFormView, optional_template
from directory.models import AIModel, Product, Vendor
from directory.views import verticals_with_counts
from filings.models import Filing

from .forms import SuggestionForm
from .services import suggestion_create
from .shortlist import Shortlist, entries_for, keys_from_token, parse_key, share_token

COMPARE_MAX = 4
SUGGEST_LIMIT = getattr(settings, "SUGGEST_RATE_LIMIT", (5, 3600))  # submissions, seconds


def published_vendors():
    return Vendor.objects.published().only("slug", "name_zh", "name_en", "kind", "verified")


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Only what editors featured is "featured"; until they choose, a neutral order (verified
        # first, then by pinyin) rather than whichever rows were loaded last.
        vendors = Vendor.objects.published().annotate(
            n_models=SubqueryCount(
                AIModel.objects.published().filter(vendor=OuterRef("pk")).values("pk")
            )
        )
        featured = list(vendors.filter(featured=True).order_by("name_sort", "name_zh")[:8])
        vendors_are_featured = bool(featured)
        if not featured:
            featured = list(vendors.order_by("-verified", "name_sort", "name_zh")[:8])
        context.update(
            verticals=[
                v for v in verticals_with_counts() if v.n_cases or v.n_models or v.n_vendors
            ],
            tiers=[(value, label, Tier.explanations()[value]) for value, label in Tier.choices],
            latest_cases=list(
                CaseStudy.objects.published()
                .select_related("vertical")
                .prefetch_related(Prefetch("vendors", queryset=published_vendors()))
                .order_by("-published_at", "-pk")[:6]
            ),
            featured_vendors=featured,
            vendors_are_featured=vendors_are_featured,
            totals={
                name: facets.totals(model)["all"]
                for name, model in (
                    ("vendors", Vendor),
                    ("models", AIModel),
                    ("products", Product),
                    ("cases", CaseStudy),
                )
            },
            insights_template=optional_template("insights/_home_charts.html"),
            jsonld={
                "@context": "https://schema.org",
                "@type": "WebSite",
                "name": "Atlas",
                "url": self.request.build_absolute_uri(reverse("home")),
                "potentialAction": {
                    "@type": "SearchAction",
                    "target": self.request.build_absolute_uri(reverse("public:search"))
                    + "?q={search_term_string}",
                    "query-input": "required name=search_term_string",
                },
            },
        )
        return context


# -- search across everything ----------------------------------------------------------------------

SEARCH_LISTS = {
    Vendor: "directory:vendor_list",
    AIModel: "directory:model_list",
    Product: "directory:product_list",
    CaseStudy: "cases:case_list",
    Filing: "filings:filing_list",
}


class SearchView(TemplateView):
    """One box across every resource: the index's best hits of each, with a link to its list."""

    template_name = "search.html"
    per_section = 5

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = (self.request.GET.get("q") or "").strip()[:MAX_QUERY_LENGTH]
        sections = []
        if query:
            groups = search.site_search(query, limit=self.per_section, models=list(SEARCH_LISTS))
            for group in groups:
                sections.append(
                    {
                        "key": group.model._meta.model_name,
                        "label": group.model._meta.verbose_name_plural,
                        "hits": group.results,
                        "total": group.count,
                        "url": reverse(SEARCH_LISTS[group.model]),
                    }
                )
        context.update(
            query=query,
            sections=sections,
            total=sum(s["total"] for s in sections),
        )
        return context


# -- shortlist ------------------------------------------------------------------------------------


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


class ShortlistView(TemplateView):
    template_name = "shortlist.html"
    shared = False

    def keys(self) -> list[str]:
        return Shortlist(self.request).keys

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        keys = self.keys()
        entries = entries_for(keys)
        token = share_token(keys) if keys else ""
        context.update(
            shared=self.shared,
            share_token=token,
            share_url=(
                self.request.build_absolute_uri(reverse("public:shortlist_shared", args=[token]))
                if token
                else ""
            ),
            vendors=entries.get("vendor", []),
            models=entries.get("aimodel", []),
            products=entries.get("product", []),
            cases=entries.get("casestudy", []),
        )
        context["count"] = sum(len(v) for v in entries.values())
        return context


class SharedShortlistView(ShortlistView):
    """Someone's shortlist from the link they shared: read it, print it, or keep a copy."""

    shared = True

    def get(self, request, *args, **kwargs):
        self.shared_keys = keys_from_token(kwargs["token"])
        if self.shared_keys is None:
            raise Http404(_("This shortlist link is not valid (it may have been cut short)."))
        return super().get(request, *args, **kwargs)

    def keys(self) -> list[str]:
        return self.shared_keys


@require_POST
def shortlist_keep_shared(request, token):
    """Add a shared shortlist's entries to the visitor's own."""
    keys = keys_from_token(token)
    if keys is None:
        raise Http404(_("This shortlist link is not valid (it may have been cut short)."))
    Shortlist(request).add_many(keys)
    return redirect("public:shortlist")


@require_POST
def shortlist_toggle(request):
    """Add or remove one entry; htmx swaps the button in place, others are redirected back."""
    key = request.POST.get("item", "")
    shortlist = Shortlist(request)
    if parse_key(key) is None:
        return HttpResponse(_("Unknown entry."), status=400, content_type="text/plain")
    if request.POST.get("action") == "remove":
        shortlist.remove(key)
    elif not shortlist.add(key) and key not in shortlist:
        messages.warning(request, _("The shortlist is full: remove an entry first."))
    if getattr(request, "htmx", None):
        return render(
            request,
            "includes/_shortlist_button.html",
            {"key": key, "in_shortlist": key in shortlist, "oob_count": len(shortlist)},
        )
    return HttpResponseRedirect(_safe_next(request, reverse("public:shortlist")))


@require_POST
def shortlist_clear(request):
    Shortlist(request).clear()
    return redirect("public:shortlist")


@require_GET
def shortlist_export(request):
    entries = Shortlist(request).entries()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="atlas-shortlist.csv"'
    response.write("\ufeff")  # so spreadsheet programs read the Chinese text as UTF-8
    writer = spreadsheet.writer(response)
    writer.writerow(
        [_("Type"), _("Chinese name"), _("English name"), _("Vendor"), _("Tier"), _("Link")]
    )
    labels = {
        "vendor": _("Vendor"),
        "aimodel": _("Model"),
        "product": _("Product"),
        "casestudy": _("Case study"),
    }
    for kind, rows in entries.items():
        for row in rows:
            if kind == "casestudy":
                zh, en, vendor = row.title_zh, row.title_en, ""
            else:
                zh, en = row.name_zh, row.name_en
                vendor = row.vendor.name_zh if kind in ("aimodel", "product") else ""
                if kind in ("aimodel", "product") and not row.vendor.is_published:
                    vendor = ""  # an unpublished vendor is absent, as everywhere public
            tier = getattr(row, "tier", "")
            link = request.build_absolute_uri(row.get_absolute_url())
            writer.writerow([labels[kind], zh, en, vendor, tier, link])
    return response


# -- compare --------------------------------------------------------------------------------------


def _number(value, suffix: str = "") -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        value = value.normalize()
        text = f"{value:f}"
    else:
        text = f"{value:,}"
    return f"{text}{suffix}"


def _names(items) -> str:
    return "、".join(str(i.name) for i in items) or "—"


class CompareView(TemplateView):
    """2–4 models or vendors side by side; rows whose values differ are highlighted."""

    template_name = "compare.html"
    kind = "aimodel"

    def chosen(self):
        slugs = []
        for slug in self.request.GET.getlist("items"):
            if slug and slug not in slugs and len(slug) <= 120:
                slugs.append(slug)
        return slugs[:COMPARE_MAX], len(slugs) > COMPARE_MAX

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        slugs, truncated = self.chosen()
        entries = self.entries(slugs)
        rows = self.rows(entries) if len(entries) >= 2 else []
        for row in rows:
            row["differs"] = len(set(row["values"])) > 1
        context.update(
            kind=self.kind,
            entries=entries,
            rows=rows,
            truncated=truncated,
            compare_max=COMPARE_MAX,
            list_url=reverse(
                "directory:model_list" if self.kind == "aimodel" else "directory:vendor_list"
            ),
        )
        return context

    def entries(self, slugs):
        if not slugs:
            return []
        if self.kind == "aimodel":
            queryset = (
                AIModel.objects.published()
                .filter(slug__in=slugs)
                .with_filing_status()
                .select_related("vendor")
                .prefetch_related("modalities", "verticals", "deployment_options")
                .annotate(
                    n_cases=SubqueryCount(
                        CaseStudy.objects.published().filter(ai_models=OuterRef("pk")).values("pk")
                    )
                )
            )
        else:
            queryset = (
                Vendor.objects.published()
                .filter(slug__in=slugs)
                .annotate(
                    n_models=SubqueryCount(
                        AIModel.objects.published().filter(vendor=OuterRef("pk")).values("pk")
                    ),
                    n_products=SubqueryCount(
                        Product.objects.published().filter(vendor=OuterRef("pk")).values("pk")
                    ),
                    n_cases=SubqueryCount(
                        CaseStudy.objects.published().filter(vendors=OuterRef("pk")).values("pk")
                    ),
                )
            )
        found = {e.slug: e for e in queryset}
        return [found[s] for s in slugs if s in found]

    def rows(self, entries):
        yes, no = _("Yes"), _("No")
        if self.kind == "aimodel":
            spec = [
                (_("Vendor"), lambda m: m.vendor.name if m.vendor.is_published else "—"),
                (_("Tier"), lambda m: m.get_tier_display()),
                (_("Modalities"), lambda m: _names(m.modalities.all())),
                (_("Parameters"), lambda m: _number(m.parameters_billion, " B")),
                (_("Context window (tokens)"), lambda m: _number(m.context_window)),
                (
                    _("Input price (CNY / million tokens)"),
                    lambda m: _number(m.price_input_per_mtok),
                ),
                (
                    _("Output price (CNY / million tokens)"),
                    lambda m: _number(m.price_output_per_mtok),
                ),
                # The register says "filed"; its silence means we do not know, never "no".
                (_("CAC filing"), lambda m: m.filing_number or _("Not recorded")),
                (
                    _("Open weights"),
                    lambda m: (
                        f"{yes} · {m.licence}"
                        if m.open_weights and m.licence
                        else (yes if m.open_weights else no)
                    ),
                ),
                (_("Verticals"), lambda m: _names(m.verticals.all())),
                (_("Deployment"), lambda m: _names(m.deployment_options.all())),
                (_("Released"), lambda m: m.release_date.isoformat() if m.release_date else "—"),
                (_("Published case studies"), lambda m: _number(m.n_cases)),
            ]
        else:
            spec = [
                (_("Kind"), lambda v: v.get_kind_display()),
                (_("Headquarters"), lambda v: v.headquarters or "—"),
                (_("Founded"), lambda v: str(v.founded_year or "—")),
                # Not listed is known only when a funding stage was recorded; else unknown.
                (
                    _("Listed"),
                    lambda v: (
                        f"{v.get_exchange_display()} {v.ticker}"
                        if v.exchange
                        else (no if v.funding_stage else "—")
                    ),
                ),
                (_("Funding stage"), lambda v: v.get_funding_stage_display() or "—"),
                (_("Verified"), lambda v: yes if v.verified else no),
                (_("Models"), lambda v: _number(v.n_models)),
                (_("Products"), lambda v: _number(v.n_products)),
                (_("Published case studies"), lambda v: _number(v.n_cases)),
            ]
        return [{"label": label, "values": [str(f(e)) for e in entries]} for label, f in spec]


# -- suggest an entry -----------------------------------------------------------------------------


class SuggestView(PublicFormView):
    template_name = "suggest.html"
    form_class = SuggestionForm
    success_url = reverse_lazy("public:suggest_thanks")
    rate_scope = "suggest"
    limit = SUGGEST_LIMIT
    limited_message = gettext_lazy(
        "Too many suggestions from your address. Please try again in an hour."
    )

    def accept(self, data):
        suggestion_create(data=data)


class SuggestThanksView(TemplateView):
    template_name = "suggest_thanks.html"


# -- about, methodology, data licence -------------------------------------------------------------


class AboutView(TemplateView):
    template_name = "about.html"

    def get_context_data(self, **kwargs):
        explanations = Tier.explanations()
        return super().get_context_data(
            tiers=[(value, label, explanations[value]) for value, label in Tier.choices], **kwargs
        )


class DataLicenceView(TemplateView):
    template_name = "data_licence.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            licence_name=settings.DATA_LICENCE_NAME,
            licence_url=settings.DATA_LICENCE_URL,
            site_url=self.request.build_absolute_uri("/"),
            **kwargs,
        )


# -- robots.txt -----------------------------------------------------------------------------------


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /i18n/",
        "Disallow: /shortlist/",
        "Disallow: /en/shortlist/",
        "Disallow: /compare/",
        "Disallow: /en/compare/",
        "Disallow: /suggest/",
        "Disallow: /en/suggest/",
        "Disallow: /search/",
        "Disallow: /en/search/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
