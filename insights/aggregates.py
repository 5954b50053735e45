"""Live counts computed from the directory: published rows only, a few queries each, cached.

Every function returns plain, language-independent data (slugs, codes, both names) so one cached
value serves both languages; `insights.charts` turns it into labelled charts. The cache key
carries a generation that `insights.signals` bumps whenever a row that feeds a chart is saved or
deleted, so an edit shows at once; the timeout bounds staleness across processes that do not
share a cache (local-memory cache under several gunicorn workers).
"""

import functools
import statistics
import uuid
from collections import Counter, defaultdict
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, Min
from django.utils import timezone
from pyroaring import BitMap

from cases.models import CaseStudy
from core import facets
from core.models import Tier
from directory.models import AIModel, Modality, Vendor, Vertical
from filings.models import Filing

from .models import StatSeries

CACHE_TIMEOUT = 300  # seconds
GENERATION_KEY = "insights:generation"
LINEAGE_MAX_DEPTH = 8
LINEAGE_MAX_DESCENDANTS = 40


def _generation() -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        generation = cache.get(GENERATION_KEY, "0")
    return generation


def invalidate() -> None:
    """Forget every cached aggregate (called on save/delete of anything a chart counts)."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def cached(func):
    """Cache the result per generation and arguments (arguments must be plain values)."""

    @functools.wraps(func)
    def wrapper(*args):
        key = ":".join(["insights", _generation(), func.__name__, *map(str, args)])
        value = cache.get(key)
        if value is None:
            value = func(*args)
            cache.set(key, value, CACHE_TIMEOUT)
        return value

    wrapper.uncached = func
    return wrapper


def _names(term) -> dict:
    return {"slug": term.slug, "name_zh": term.name_zh, "name_en": term.name_en}


def _as_of() -> str:
    return timezone.localdate().isoformat()


@cached
def report_series() -> list[dict]:
    """Published market statistic series with their points, in editor order (2 queries)."""
    result = []
    for series in StatSeries.objects.published().with_points():
        result.append(
            {
                "slug": series.slug,
                **{
                    f: getattr(series, f)
                    for f in (
                        "name_zh",
                        "name_en",
                        "unit_zh",
                        "unit_en",
                        "takeaway_zh",
                        "takeaway_en",
                        "source_title",
                        "source_url",
                        "display",
                        "featured",
                        "is_sample",
                    )
                },
                "source_date": series.source_date.isoformat() if series.source_date else "",
                "points": [
                    {
                        "period_start": p.period_start.isoformat(),
                        "label_zh": p.label_zh,
                        "label_en": p.label_en,
                        "value": p.value,
                        "note": p.note,
                    }
                    for p in series.points.all()
                ],
            }
        )
    return result


def _per_value(index, facet: str, within=None) -> dict:
    """Published entries per value of a facet (within a subset), from the facet bitmaps."""
    options = index.values.get(facet, {})
    if within is None:
        return {value: len(bits) for value, bits in options.items() if bits}
    counts = {value: within.intersection_cardinality(bits) for value, bits in options.items()}
    return {value: n for value, n in counts.items() if n}


@cached
def cases_by_vertical_tier() -> dict:
    """Published case studies per (vertical, tier), every vertical listed (bitmaps)."""
    verticals = [_names(v) for v in Vertical.objects.order_by("position", "slug")]
    index = facets.load(CaseStudy)
    counts = {}
    for vertical, in_vertical in index.values.get("vertical", {}).items():
        for tier, n in _per_value(index, "tier", in_vertical).items():
            counts[(vertical, tier)] = n
    return {
        "verticals": verticals,
        "counts": counts,
        "total": sum(counts.values()),
        "samples": len(index.bitmap("is_sample", "true")),
        "as_of": _as_of(),
    }


@cached
def models_by_tier_modality() -> dict:
    """Published models per tier, and per (tier, modality); a model may count in several."""
    modalities = [_names(m) for m in Modality.objects.order_by("position", "slug")]
    index = facets.load(AIModel)
    per_tier = _per_value(index, "tier")
    counts = {}
    for tier, in_tier in index.values.get("tier", {}).items():
        with_modality = BitMap()
        for modality, n in _per_value(index, "modality", in_tier).items():
            counts[(tier, modality)] = n
            with_modality |= in_tier & index.bitmap("modality", modality)
        if len(in_tier) > len(with_modality):
            counts[(tier, "")] = len(in_tier) - len(with_modality)
    return {
        "modalities": modalities,
        "per_tier": per_tier,
        "counts": counts,
        "total": sum(per_tier.values()),
        "as_of": _as_of(),
    }


@cached
def models_by_filing_batch() -> dict:
    """Published models per CAC filing batch, with each batch's earliest filing date (1)."""
    rows = (
        AIModel.objects.published()
        .exclude(cac_filing_batch=None)
        .values("cac_filing_batch")
        .annotate(n=Count("pk"), first_filed=Min("cac_filing_date"))
        .order_by("cac_filing_batch")
    )
    batches = [
        {
            "batch": r["cac_filing_batch"],
            "count": r["n"],
            "first_filed": r["first_filed"].isoformat() if r["first_filed"] else "",
        }
        for r in rows
    ]
    return {"batches": batches, "total": sum(b["count"] for b in batches), "as_of": _as_of()}


@cached
def register_by_batch() -> dict:
    """The CAC register per announcement batch, 备案 and 登记 apart (1 query)."""
    rows = Filing.objects.order_by().values_list("batch__period", "kind").annotate(n=Count("pk"))
    periods: dict[str, dict] = {}
    for period, kind, n in rows:
        periods.setdefault(period, {"period": period, "beian": 0, "dengji": 0})[kind] = n
    batches = [periods[p] for p in sorted(periods)]
    return {
        "batches": batches,
        "total": sum(b["beian"] + b["dengji"] for b in batches),
        "as_of": _as_of(),
    }


@cached
def register_by_province() -> dict:
    """Filings per 属地 (a province, or SASAC for central SOEs), most first (1 query)."""
    rows = Filing.objects.order_by().values_list("province").annotate(n=Count("pk"))
    counts = sorted(rows, key=lambda r: (-r[1], r[0] == "", r[0]))
    return {"counts": counts, "total": sum(n for _, n in counts), "as_of": _as_of()}


@cached
def register_cumulative_by_month() -> dict:
    """Filings by the month of their filing date, cumulative, 备案 and 登记 apart (1 query)."""
    rows = (
        Filing.objects.order_by()
        .values_list("filed_on__year", "filed_on__month", "kind")
        .annotate(n=Count("pk"))
    )
    monthly: dict[str, Counter] = defaultdict(Counter)
    undated = 0
    for year, month, kind, n in rows:
        if year is None:
            undated += n
        else:
            monthly[f"{year:04d}-{month:02d}"][kind] += n
    months, running, totals = [], Counter(), []
    if monthly:
        first, last = min(monthly), max(monthly)
        year, month = int(first[:4]), int(first[5:])
        while f"{year:04d}-{month:02d}" <= last:
            key = f"{year:04d}-{month:02d}"
            running.update(monthly.get(key, Counter()))
            months.append(key)
            totals.append((running["beian"], running["dengji"]))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return {"months": months, "totals": totals, "undated": undated, "as_of": _as_of()}


@cached
def vendors_by_province() -> dict:
    """Published vendors per HQ province, most first ('' when not given) (bitmaps)."""
    index = facets.load(Vendor)
    rows = _per_value(index, "province")
    unplaced = len(index.all) - sum(rows.values())
    if unplaced:
        rows[""] = unplaced
    counts = sorted(rows.items(), key=lambda r: (-r[1], r[0] == "", r[0]))
    return {"counts": counts, "total": sum(n for _, n in counts), "as_of": _as_of()}


@cached
def cases_per_year() -> dict:
    """Published case studies per go-live year, gaps filled with zero (bitmaps)."""
    index = facets.load(CaseStudy)
    rows = {int(year): n for year, n in _per_value(index, "go_live_year").items()}
    years = list(range(min(rows), max(rows) + 1)) if rows else []
    return {
        "years": [(year, rows.get(year, 0)) for year in years],
        "total": sum(rows.values()),
        "undated": len(index.all) - sum(rows.values()),
        "as_of": _as_of(),
    }


def _median(values: list[Decimal]) -> Decimal | None:
    # Computed in Python over the values so SQLite and PostgreSQL agree exactly.
    return statistics.median(values) if values else None


@cached
def median_price_by_tier() -> dict:
    """Median API input and output price per tier over published models with a price (1)."""
    inputs, outputs = defaultdict(list), defaultdict(list)
    priced = Counter()
    rows = (
        AIModel.objects.published()
        .exclude(price_input_per_mtok=None, price_output_per_mtok=None)
        .values_list("tier", "price_input_per_mtok", "price_output_per_mtok")
    )
    for tier, price_in, price_out in rows:
        priced[tier] += 1
        if price_in is not None:
            inputs[tier].append(price_in)
        if price_out is not None:
            outputs[tier].append(price_out)
    return {
        "tiers": [
            {
                "tier": tier,
                "models": priced[tier],
                "median_input": _median(inputs[tier]),
                "median_output": _median(outputs[tier]),
            }
            for tier in Tier.values
        ],
        "total": sum(priced.values()),
        "as_of": _as_of(),
    }


@cached
def vertical_profile(vertical_id: int) -> dict:
    """One vertical: published cases and models per tier, cases per go-live year (bitmaps)."""
    slug = Vertical.objects.filter(pk=vertical_id).values_list("slug", flat=True).first()
    cases, models = facets.load(CaseStudy), facets.load(AIModel)
    in_cases, in_models = cases.bitmap("vertical", slug), models.bitmap("vertical", slug)
    per_year = {int(y): n for y, n in _per_value(cases, "go_live_year", in_cases).items()}
    years = list(range(min(per_year), max(per_year) + 1)) if per_year else []
    return {
        "cases_per_tier": _per_value(cases, "tier", in_cases),
        "models_per_tier": _per_value(models, "tier", in_models),
        "years": [(year, per_year.get(year, 0)) for year in years],
        "as_of": _as_of(),
    }


def _node(model: AIModel) -> dict:
    return {
        "pk": model.pk,
        "slug": model.slug,
        "name_zh": model.name_zh,
        "name_en": model.name_en,
        "tier": model.tier,
        "vendor_zh": model.vendor.name_zh,
        "vendor_en": model.vendor.name_en,
        "vendor_published": model.vendor.status == "published",
        "base": model.base_model_id,
    }


@cached
def model_lineage(model_id: int) -> dict:
    """Published ancestors (root first) and descendants (two generations) of a model.

    The walk up stops at the first base model that is not published, so a draft never shows;
    each step is one query and the depth is capped, as is the number of descendants.
    """
    model = AIModel.objects.published().select_related("vendor").filter(pk=model_id).first()
    if model is None:
        return {"ancestors": [], "model": None, "descendants": []}
    ancestors, seen, base_id = [], {model.pk}, model.base_model_id
    while base_id and base_id not in seen and len(ancestors) < LINEAGE_MAX_DEPTH:
        base = AIModel.objects.published().select_related("vendor").filter(pk=base_id).first()
        if base is None:
            break
        ancestors.append(_node(base))
        seen.add(base.pk)
        base_id = base.base_model_id
    descendants, parents = [], [model.pk]
    for _depth in range(2):
        children = list(
            AIModel.objects.published()
            .filter(base_model__in=parents)
            .exclude(pk__in=seen)
            .select_related("vendor")
            .order_by("name_zh")[: LINEAGE_MAX_DESCENDANTS - len(descendants)]
        )
        descendants += [_node(child) for child in children]
        seen.update(child.pk for child in children)
        parents = [child.pk for child in children]
        if not parents or len(descendants) >= LINEAGE_MAX_DESCENDANTS:
            break
    return {
        "ancestors": ancestors[::-1],
        "model": _node(model),
        "descendants": descendants,
        "as_of": _as_of(),
    }
