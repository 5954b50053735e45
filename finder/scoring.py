"""The finder's ranking: hard requirements filter, soft ones score. Nothing else moves a vendor.

Hard requirements (a vendor that does not meet one, or whose fact is not recorded, is left out):

* vertical — the vendor works in it: a published case, model or product in the vertical (the
  vendor list's definition, read from its facet index);
* deployment — for each mode asked, a published offer of it;
* 信创 — a valid published adaptation (to each platform asked, if any);
* 等保 — a valid published 等保 certification at the minimum level or higher;
* model requirements, met together by one published model of the vendor: filed (in the CAC
  register, else the filing number recorded on the model), the modality, an input price at or
  under the ceiling (a model with no price recorded does not meet it), open weights.

The score (0–100) adds the points of each factor in `WEIGHTS` that applies, scaled to 100 over
the factors that apply (region and client type only apply when asked). Every count is of
published entries only (drafts, entries in review and archived ones never count), each capped so
that volume alone cannot dominate. Ties: more fitting cases, then the name. There is no paid
placement and no editorial boost: `featured` does not enter the score.
"""

import datetime
from dataclasses import dataclass, field

from django.db import router
from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from pyroaring import BitMap

from cases.models import CaseStudy
from core import facets as facet_index
from directory.models import AIModel, Vendor
from directory.querysets import filing_known_q
from procurement.models import Certification, DeploymentOffer

MAX_RESULTS = 50
DEFAULT_RESULTS = 20
EVIDENCE_CASES = 3
EVIDENCE_MODELS = 3
EVIDENCE_LINKS = 4  # links per reason (the text names every fact)
OTHER_CERTIFICATIONS = ("iso27001", "cmmi", "trusted_ai", "security_assessment", "other")


@dataclass(frozen=True)
class Weight:
    key: str
    points: int
    cap: int  # the count that earns all the points
    label: str
    rule: str


WEIGHTS = (
    Weight(
        "cases",
        30,
        5,
        gettext_lazy("Fitting cases"),
        gettext_lazy(
            "Published cases in the vertical and scenario asked (all cases when none "
            "is asked): 6 points each, up to 5 cases."
        ),
    ),
    Weight(
        "region",
        10,
        2,
        gettext_lazy("Cases in your region"),
        gettext_lazy("Of those, cases in the province asked: 5 points each, up to 2."),
    ),
    Weight(
        "client_type",
        10,
        2,
        gettext_lazy("Cases for your kind of client"),
        gettext_lazy("Of those, cases for the client type asked: 5 points each, up to 2."),
    ),
    Weight(
        "filed",
        10,
        2,
        gettext_lazy("Filed models"),
        gettext_lazy("Published models with a CAC filing: 5 points each, up to 2."),
    ),
    Weight(
        "deployment",
        10,
        3,
        gettext_lazy("Deployment offers"),
        gettext_lazy(
            "All points when the modes asked are offered; with none asked, 10/3 "
            "points per mode offered, up to 3."
        ),
    ),
    Weight(
        "xinchuang",
        7,
        3,
        gettext_lazy("信创 adaptations"),
        gettext_lazy(
            "Valid adaptations: 7/3 points per platform, up to 3 (all points when "
            "every platform asked is covered)."
        ),
    ),
    Weight(
        "dengbao",
        4,
        3,
        gettext_lazy("等保 level"),
        gettext_lazy(
            "A valid 等保 certification: 4/3 points per level, up to level 3 (all "
            "points at the minimum asked)."
        ),
    ),
    Weight(
        "other_certifications",
        4,
        1,
        gettext_lazy("Other certifications"),
        gettext_lazy("A valid ISO 27001, CMMI, 可信AI or 安全可靠测评 record: 4 points."),
    ),
    Weight(
        "recency",
        10,
        2,
        gettext_lazy("Recent cases"),
        gettext_lazy(
            "A fitting case that went live this year or last: 10 points; two or three years ago: 5."
        ),
    ),
    Weight(
        "verified",
        5,
        1,
        gettext_lazy("Verified vendor"),
        gettext_lazy("Facts checked by the Atlas team with the vendor or a filing: 5 points."),
    ),
)
WEIGHT = {w.key: w for w in WEIGHTS}


@dataclass
class Link:
    label: str
    url: str
    external: bool = False


@dataclass
class Reason:
    key: str
    text: str
    points: float
    max_points: int
    evidence: list[Link] = field(default_factory=list)


@dataclass
class Result:
    vendor: Vendor
    rank: int
    score: int
    reasons: list[Reason]
    missing: list[str]


@dataclass
class Outcome:
    results: list[Result]
    candidates: int
    applicable: list[Weight]
    as_of: datetime.date


# -- what the ranking reads: the facet indexes, in memory --------------------------------------
# Every set below is a bitmap of the facet index (core.facets), kept current on every write and
# across days (a certificate's start and expiry): the published vendors and their facts, each
# vendor's published cases and models. Ranking reads them in memory, a few bitmap operations per
# candidate, so its cost does not depend on how many cases or links exist.


@dataclass
class Indexes:
    vendors: facet_index.FacetIndex
    models: facet_index.FacetIndex
    cases: facet_index.FacetIndex
    using: str

    @classmethod
    def load(cls) -> "Indexes":
        using = router.db_for_read(Vendor)
        return cls(*facet_index.load_many([Vendor, AIModel, CaseStudy], using=using), using)

    def any_of(self, index, facet: str, values=None) -> BitMap:
        options = index.values.get(facet, {})
        chosen = options.values() if values is None else (index.bitmap(facet, v) for v in values)
        return BitMap.union(BitMap(), *chosen)


# -- hard requirements -----------------------------------------------------------------------


def model_requirements(req: dict) -> Q | None:
    """What one model must meet together, or None when nothing about models is asked (the
    evidence's query; `matching_models` reads the same from the index)."""
    conditions = Q()
    asked = False
    if req.get("filing"):
        conditions &= filing_known_q(AIModel)
        asked = True
    if req.get("modality") is not None:
        conditions &= Q(
            Exists(
                AIModel.modalities.through.objects.filter(
                    aimodel=OuterRef("pk"), modality=req["modality"]
                )
            )
        )
        asked = True
    if req.get("max_price") is not None:
        conditions &= Q(price_input_per_mtok__lte=req["max_price"])
        asked = True
    if req.get("open_weights"):
        conditions &= Q(open_weights=True)
        asked = True
    return conditions if asked else None


def matching_models(req: dict, index: Indexes) -> BitMap | None:
    """The published models meeting every model requirement, or None when none is asked."""
    if model_requirements(req) is None:
        return None
    models = index.models
    found = BitMap(models.all)
    if req.get("filing"):
        found &= models.bitmap("has_filing", "true")
    if req.get("modality") is not None:
        found &= models.bitmap("modality", req["modality"].slug)
    if req.get("open_weights"):
        found &= models.bitmap("open_weights", "true")
    if req.get("max_price") is not None:
        # A price is no facet: one indexed read of the models at or under the ceiling.
        priced = AIModel.objects.using(index.using).published()
        found &= facet_index.pk_bitmap(priced.filter(price_input_per_mtok__lte=req["max_price"]))
    return found


def candidates(req: dict, index: Indexes) -> BitMap:
    """Published vendors that meet every hard requirement (the vendor list's facets: the same
    definitions, the same bitmaps); the model requirements are checked per vendor in `find`."""
    vendors = index.vendors
    pool = BitMap(vendors.all)
    if req.get("vertical") is not None:
        pool &= vendors.bitmap("vertical", req["vertical"].slug)
    for mode in req.get("deployment") or ():
        pool &= vendors.bitmap("offer", mode)
    platforms = req.get("platform") or ()
    for platform in platforms:
        pool &= vendors.bitmap("xinchuang", platform.slug)
    if req.get("xinchuang") and not platforms:
        pool &= index.any_of(vendors, "xinchuang")
    if req.get("dengbao"):
        pool &= vendors.bitmap("dengbao", str(req["dengbao"]))
    return pool


# -- soft requirements -----------------------------------------------------------------------


class CaseSets:
    """The published cases the score counts, as bitmaps: fitting ones (in the vertical and
    scenario asked), among them those in the region and for the client type asked, and those
    that went live recently; and the ones a vendor's reasons cite."""

    def __init__(self, req: dict, cases: facet_index.FacetIndex, year: int):
        self.index = cases
        fitting = BitMap(cases.all)
        if req.get("vertical") is not None:
            fitting &= cases.bitmap("vertical", req["vertical"].slug)
        if req.get("scenario") is not None:
            fitting &= cases.bitmap("scenario", req["scenario"].slug)
        self.fitting = fitting
        self.region = fitting & cases.bitmap("region", req["region"]) if req.get("region") else None
        self.client_type = (
            fitting & cases.bitmap("client_type", req["client_type"])
            if req.get("client_type")
            else None
        )
        self.years = {
            int(year): fitting & bits for year, bits in cases.values.get("go_live_year", {}).items()
        }
        self.this_or_last_year = self._since(year - 1)
        self.last_three_years = self._since(year - 3)
        self.newest_first = sorted(self.years, reverse=True)
        self.undated = fitting - self._since(0)

    def _since(self, first: int) -> BitMap:
        return BitMap.union(BitMap(), *(bits for y, bits in self.years.items() if y >= first))

    def of_vendor(self, slug: str) -> BitMap:
        return self.index.bitmap("vendor", slug)

    def counts(self, own: BitMap) -> dict:
        """{cases, region, client_type, recency}: what the score reads of one vendor's cases."""
        if not own:
            return {"cases": 0, "region": 0, "client_type": 0, "recency": 0}
        return {
            "cases": own.intersection_cardinality(self.fitting),
            "region": own.intersection_cardinality(self.region) if self.region else 0,
            "client_type": (
                own.intersection_cardinality(self.client_type) if self.client_type else 0
            ),
            "recency": 2
            if own.intersect(self.this_or_last_year)
            else 1
            if own.intersect(self.last_three_years)
            else 0,
        }

    def newest(self, cases: BitMap, n: int) -> list[int]:
        """Up to n of these fitting cases, by go-live year (latest first, none stated last),
        then newest entry first."""
        found: list[int] = []
        for bits in [*(self.years[y] for y in self.newest_first), self.undated]:
            chosen = cases & bits
            found.extend(chosen[-i] for i in range(1, min(n - len(found), len(chosen)) + 1))
            if len(found) == n:
                break
        return found

    def cited(self, own: BitMap) -> dict[str, list[int]]:
        """The cases a vendor's reasons link to: {attribute: case pks}."""
        fitting = own & self.fitting
        cited = {"fitting_cases": self.newest(fitting, EVIDENCE_CASES)}
        if self.region is not None:
            cited["region_cases"] = self.newest(fitting & self.region, 1)
        if self.client_type is not None:
            cited["client_cases"] = self.newest(fitting & self.client_type, 1)
        return cited

    def latest(self, own: BitMap) -> int | None:
        """The latest go-live year of the vendor's fitting cases (the reasons say it)."""
        return max((year for year, bits in self.years.items() if own.intersect(bits)), default=None)


def certification_facts(index: Indexes, pool: BitMap) -> dict[int, dict]:
    """{vendor: {platforms, dengbao, other}} of the candidates' valid published certifications."""
    vendors = index.vendors
    found: dict[int, dict] = {}

    def entry(pk):
        facts = found.get(pk)
        if facts is None:
            facts = found[pk] = {"platforms": set(), "dengbao": 0, "other": 0}
        return facts

    for platform, bits in vendors.values.get("xinchuang", {}).items():
        for pk in bits & pool:
            entry(pk)["platforms"].add(platform)
    for level, bits in vendors.values.get("dengbao", {}).items():
        for pk in bits & pool:
            entry(pk)["dengbao"] = max(entry(pk)["dengbao"], int(level))
    for kind in OTHER_CERTIFICATIONS:
        for pk in vendors.bitmap("certification", kind) & pool:
            entry(pk)["other"] += 1
    return found


def offer_modes(index: Indexes, pool: BitMap) -> dict[int, set]:
    found: dict[int, set] = {}
    for mode, bits in index.vendors.values.get("offer", {}).items():
        for pk in bits & pool:
            found.setdefault(pk, set()).add(mode)
    return found


def applicable_weights(req: dict) -> list[Weight]:
    return [w for w in WEIGHTS if w.key not in ("region", "client_type") or req.get(w.key)]


def factor_points(req: dict, counts: dict, filed: int, certs: dict, modes: set, verified: bool):
    """{factor: points} for one vendor (`counts`: `CaseSets.counts`)."""

    def capped(key, n):
        weight = WEIGHT[key]
        return weight.points * min(n, weight.cap) / weight.cap

    points = {
        "cases": capped("cases", counts.get("cases", 0)),
        "region": capped("region", counts.get("region", 0)),
        "client_type": capped("client_type", counts.get("client_type", 0)),
        "filed": capped("filed", filed),
        "verified": WEIGHT["verified"].points if verified else 0,
        "other_certifications": capped("other_certifications", certs.get("other", 0)),
    }
    asked_modes = set(req.get("deployment") or ())
    if asked_modes:
        points["deployment"] = WEIGHT["deployment"].points if asked_modes <= modes else 0
    else:
        points["deployment"] = capped("deployment", len(modes))
    asked_platforms = {p.slug for p in req.get("platform") or ()}
    covered = certs.get("platforms", set())
    if asked_platforms and asked_platforms <= covered:
        points["xinchuang"] = WEIGHT["xinchuang"].points
    else:
        points["xinchuang"] = capped("xinchuang", len(covered))
    level, wanted = certs.get("dengbao", 0), req.get("dengbao")
    if wanted and level >= wanted:
        points["dengbao"] = WEIGHT["dengbao"].points
    else:
        points["dengbao"] = capped("dengbao", level)
    # 2: a fitting case went live this year or last (or is planned later); 1: two or three
    # years ago; 0: none, or earlier.
    points["recency"] = WEIGHT["recency"].points * counts.get("recency", 0) / 2
    return points


def total_score(points: dict, applicable: list[Weight]) -> int:
    possible = sum(w.points for w in applicable)
    earned = sum(points[w.key] for w in applicable)
    return round(100 * earned / possible) if possible else 0


# -- the whole answer ------------------------------------------------------------------------


def find(req: dict, *, limit: int = DEFAULT_RESULTS) -> Outcome:
    """Rank the vendors for a set of requirements (a FinderForm's cleaned data).

    A constant number of queries whatever the number of candidates or results: the three facet
    indexes (one query each while unchanged), the candidates' slugs, the models under a price
    ceiling when one is asked, then the top vendors with their evidence prefetched. The ranking
    itself reads bitmaps in memory: a few operations per candidate vendor.
    """
    limit = max(1, min(limit, MAX_RESULTS))
    applicable = applicable_weights(req)
    index = Indexes.load()
    pool = candidates(req, index)
    models = matching_models(req, index)
    slugs = dict(
        Vendor.objects.using(index.using)
        .filter(pk__in=facet_index.among(pool, using=index.using))
        .values_list("pk", "slug")
        .order_by()
    )
    cases = CaseSets(req, index.cases, timezone.localdate().year)
    models_of = index.models.values.get("vendor", {})
    filed_models = index.models.bitmap("has_filing", "true")
    verified = index.vendors.bitmap("verified", "true")
    certs = certification_facts(index, pool)
    modes = offer_modes(index, pool)
    empty, no_certs, no_modes = BitMap(), {"platforms": set(), "dengbao": 0, "other": 0}, set()
    asked_platforms = {p.slug for p in req.get("platform") or ()}
    asked_modes = set(req.get("deployment") or ())
    wanted_level = req.get("dengbao") or 0
    cap = {w.key: w.cap for w in WEIGHTS}
    scored, counted = [], {}
    # A score depends only on capped counts and on whether what was asked is covered: vendors
    # sharing those are scored once (most do), which keeps the loop a few lookups per vendor.
    known: dict[tuple, tuple] = {}
    for pk, slug in slugs.items():
        own_models = models_of.get(slug, empty)
        if models is not None and not own_models.intersect(models):
            continue  # no one model meets the model requirements together
        counts = cases.counts(cases.of_vendor(slug))
        filed = own_models.intersection_cardinality(filed_models)
        vendor_certs, vendor_modes = certs.get(pk, no_certs), modes.get(pk, no_modes)
        platforms, level = vendor_certs["platforms"], vendor_certs["dengbao"]
        key = (
            min(counts["cases"], cap["cases"]),
            min(counts["region"], cap["region"]),
            min(counts["client_type"], cap["client_type"]),
            counts["recency"],
            min(filed, cap["filed"]),
            min(len(platforms), cap["xinchuang"]),
            bool(asked_platforms) and asked_platforms <= platforms,
            min(level, cap["dengbao"]),
            bool(wanted_level) and level >= wanted_level,
            min(vendor_certs["other"], cap["other_certifications"]),
            min(len(vendor_modes), cap["deployment"]),
            bool(asked_modes) and asked_modes <= vendor_modes,
            pk in verified,
        )
        found = known.get(key)
        if found is None:
            points = factor_points(req, counts, filed, vendor_certs, vendor_modes, pk in verified)
            found = known[key] = (total_score(points, applicable), points)
        counted[pk] = counts
        scored.append((found[0], counts["cases"], pk, found[1]))
    scored.sort(key=lambda row: (-row[0], -row[1], row[2]))
    top = scored[:limit]
    cited = {pk: cases.cited(cases.of_vendor(slugs[pk])) for _s, _n, pk, _p in top}
    vendors = {v.pk: v for v in with_evidence(req, cited)}
    results = []
    for rank, (score, _n, pk, points) in enumerate(top, start=1):
        vendor = vendors[pk]
        counts = {
            **counted[pk],
            "latest": cases.latest(cases.of_vendor(slugs[pk])),
            "modes": modes.get(pk, set()),
        }
        reasons, missing = explain(req, vendor, points, counts, applicable)
        results.append(Result(vendor, rank, score, reasons, missing))
    return Outcome(results, len(scored), applicable, timezone.localdate())


# What the reasons read of a case or a model (their long texts stay in the database).
CASE_FIELDS = ("id", "slug", "title_zh", "title_en", "status", "go_live_year", "published_at")
MODEL_FIELDS = (
    "id", "slug", "name_zh", "name_en", "status", "vendor_id", "cac_filing_number",
    "price_input_per_mtok",
)  # fmt: skip


# What the reasons read of a certification or an offer and of the model or product it is about.
FACT_FIELDS = (
    "id", "vendor_id", "source_url", "source_title", "ai_model__slug", "ai_model__name_zh",
    "ai_model__name_en", "product__slug", "product__name_zh", "product__name_en",
)  # fmt: skip
CERTIFICATION_FIELDS = (
    "kind", "level", "grade", "name", "number", "valid_from", "valid_until", "platform__slug",
    "platform__name_zh", "platform__name_en",
)  # fmt: skip


def with_evidence(req: dict, cited: dict[int, dict[str, list[int]]]):
    """The top vendors (`cited`: {vendor pk: the case pks each reason cites, `CaseSets.cited`})
    with the published entries their reasons link to: the cases read by primary key in one
    query, the rest prefetched."""
    if not cited:
        return []
    wanted = {pk for picks in cited.values() for pks in picks.values() for pk in pks}
    found = CaseStudy.objects.filter(pk__in=sorted(wanted)).only(*CASE_FIELDS).in_bulk()
    prefetches = [
        Prefetch(
            "ai_models",
            queryset=AIModel.objects.published()
            .only(*MODEL_FIELDS)
            .filter(filing_known_q(AIModel))
            .annotate(register_filing_slug=first_filing("slug"))
            .with_filing_status()
            .order_by("name_zh", "pk")[:EVIDENCE_MODELS],
            to_attr="filed_models",
        ),
        Prefetch(
            "certifications",
            queryset=Certification.objects.evidence()
            .select_related("platform", "ai_model", "product")
            .only(*FACT_FIELDS, *CERTIFICATION_FIELDS),
            to_attr="published_certifications",
        ),
        Prefetch(
            "deploymentoffers",  # the links only: the modes offered are read from the index
            queryset=DeploymentOffer.objects.evidence()
            .select_related("ai_model", "product")
            .only(*FACT_FIELDS, "mode")
            .order_by("mode", "pk")[:EVIDENCE_LINKS],
            to_attr="offer_links",
        ),
    ]
    models = model_requirements(req)
    if models is not None:
        matching = AIModel.objects.published().only(*MODEL_FIELDS).filter(models)
        matching = matching.order_by("price_input_per_mtok", "pk")
        prefetches.append(
            Prefetch("ai_models", queryset=matching[:EVIDENCE_MODELS], to_attr="matching_models")
        )
    vendors = list(Vendor.objects.filter(pk__in=list(cited)).prefetch_related(*prefetches))
    for vendor in vendors:
        for attribute, pks in cited[vendor.pk].items():
            setattr(vendor, attribute, [found[pk] for pk in pks])
    return vendors


def first_filing(column: str):
    register = AIModel._meta.get_field("filings").related_model
    first = register.objects.filter(ai_model=OuterRef("pk")).order_by("filed_on", "pk")
    return Subquery(first.values(column)[:1])


def _case_links(cases) -> list[Link]:
    return [Link(case.title, case.get_absolute_url()) for case in cases]


def _fact_link(fact) -> Link:
    """A certification or offer: its source when there is one, else its holder's page."""
    if fact.source_url:
        return Link(fact.source_title or fact.title, fact.source_url, external=True)
    return Link(_fact_label(fact), fact.get_absolute_url())


def _fact_label(fact) -> str:
    holder = fact.ai_model or fact.product
    return f"{fact.title} ({holder.name})" if holder is not None else str(fact.title)


def explain(req, vendor, points, counts, applicable):
    """Plain-language reasons with links to published evidence, and what is missing (`counts`:
    the vendor's case counts, latest fitting go-live year and offered modes, from the index)."""
    keys = {w.key for w in applicable}
    reasons, missing = [], []
    today = timezone.localdate()

    def add(key, text, evidence=()):
        if key in keys:
            reasons.append(
                Reason(key, text, round(points[key], 1), WEIGHT[key].points, list(evidence))
            )

    where = " · ".join(
        term.name for term in (req.get("vertical"), req.get("scenario")) if term is not None
    )
    n_cases = counts.get("cases", 0)
    if n_cases:
        text = (
            ngettext(
                "%(n)d published case in %(where)s", "%(n)d published cases in %(where)s", n_cases
            )
            % {"n": n_cases, "where": where}
            if where
            else ngettext("%(n)d published case", "%(n)d published cases", n_cases) % {"n": n_cases}
        )
        add("cases", text, _case_links(vendor.fitting_cases))
    else:
        missing.append(
            _("No published case in %(where)s") % {"where": where}
            if where
            else _("No published case")
        )
    region = req.get("region")
    if region:
        from core.regions import Province

        name = Province(region).label
        n = counts.get("region", 0)
        if n:
            add(
                "region",
                ngettext("%(n)d of them in %(region)s", "%(n)d of them in %(region)s", n)
                % {"n": n, "region": name},
                _case_links(vendor.region_cases),
            )
        else:
            missing.append(_("No case in %(region)s") % {"region": name})
    client_type = req.get("client_type")
    if client_type:
        name = CaseStudy.ClientType(client_type).label
        n = counts.get("client_type", 0)
        if n:
            add(
                "client_type",
                ngettext("%(n)d for a %(client)s", "%(n)d for a %(client)s", n)
                % {"n": n, "client": name},
                _case_links(vendor.client_cases),
            )
        else:
            missing.append(_("No case for a %(client)s") % {"client": name})
    latest = counts.get("latest")
    if latest and points["recency"]:
        add("recency", _("Latest fitting case went live in %(year)d") % {"year": latest})

    filed = vendor.filed_models
    if filed:
        links = []
        for model in filed:
            slug = getattr(model, "register_filing_slug", None)
            links.append(Link(f"{model.name} {model.filing_number}", model.get_absolute_url()))
            if slug:
                links.append(
                    Link(
                        _("register: %(number)s") % {"number": model.filing_number},
                        reverse("filings:filing_detail", kwargs={"slug": slug}),
                    )
                )
        add(
            "filed",
            _("Filed models: %(names)s")
            % {"names": "、".join(f"{m.name} {m.filing_number}" for m in filed)},
            links,
        )
    else:
        missing.append(_("No filed model recorded"))
    matching = getattr(vendor, "matching_models", None)
    if matching:
        reasons.append(
            Reason(
                "models",
                _("Meets the model requirements: %(names)s")
                % {"names": "、".join(m.name for m in matching)},
                0,
                0,
                [Link(m.name, m.get_absolute_url()) for m in matching],
            )
        )

    modes = counts.get("modes", set())
    if modes:
        labels = sorted(str(DeploymentOffer.Mode(mode).label) for mode in modes)
        add(
            "deployment",
            _("Offered: %(modes)s") % {"modes": "、".join(labels)},
            [_fact_link(o) for o in vendor.offer_links],
        )
    else:
        missing.append(_("Deployment offers not recorded"))
    for mode in set(req.get("deployment") or ()) - modes:
        missing.append(_("No %(mode)s offer") % {"mode": DeploymentOffer.Mode(mode).label})

    certifications = vendor.published_certifications
    valid = [c for c in certifications if not c.is_expired and (c.valid_from or today) <= today]
    expired = [c for c in certifications if c.is_expired]
    adapted = [c for c in valid if c.kind == Certification.Kind.XINCHUANG]
    if adapted:
        names = []
        for c in adapted:
            until = (
                _("valid until %(date)s") % {"date": c.valid_until.strftime("%Y-%m")}
                if c.valid_until
                else _("no expiry stated")
            )
            names.append(f"{c.platform.name} ({until})")
        add(
            "xinchuang",
            _("信创 adapted: %(platforms)s") % {"platforms": "、".join(names)},
            [_fact_link(c) for c in adapted[:EVIDENCE_LINKS]],
        )
    else:
        missing.append(_("No valid 信创 adaptation recorded"))
    dengbao = [c for c in valid if c.kind == Certification.Kind.DENGBAO]
    if dengbao:
        best = max(dengbao, key=lambda c: c.level or 0)
        add(
            "dengbao",
            _("等保 level %(level)s (%(number)s)")
            % {"level": best.level, "number": best.number or "—"},
            [_fact_link(best)],
        )
    else:
        missing.append(_("等保 level not recorded"))
    other = [c for c in valid if c.kind in OTHER_CERTIFICATIONS]
    if other:
        add(
            "other_certifications",
            "、".join(_fact_label(c) for c in other),
            [_fact_link(c) for c in other[:EVIDENCE_LINKS]],
        )
    for c in expired:
        missing.append(
            _("%(fact)s expired on %(date)s")
            % {"fact": _fact_label(c), "date": c.valid_until.isoformat()}
        )
    if vendor.verified:
        add(
            "verified",
            _("Verified by the Atlas team"),
            [Link(vendor.name, vendor.get_absolute_url())],
        )
    else:
        missing.append(_("Not verified by the Atlas team"))
    return reasons, missing
